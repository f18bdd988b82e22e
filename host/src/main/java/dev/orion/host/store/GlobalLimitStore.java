package dev.orion.host.store;

import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Global concurrency limits by name (Prefect 2.14's v2 limits). Slots are taken and freed in one
 * writer transaction that locks the limits' rows (FOR UPDATE on PostgreSQL; SQLite's writes are
 * serial), so processes sharing a database never over-fill a limit; there is no check-then-act.
 * A name not yet known is created inactive (limit 1), as Prefect does. Thread-safe.
 */
public final class GlobalLimitStore {

    /** What an increment did. */
    public enum Status { ACQUIRED, MORE_SLOTS_THAN_LIMIT, NO_DECAY, LOCKED }

    /**
     * The answer to an increment.
     *
     * @param limits            the limits named (created inactive if they were unknown)
     * @param retryAfterSeconds when LOCKED: Prefect's estimate of when to ask again
     * @param nonDecaying       when NO_DECAY: the active limits with no slot decay
     */
    public record Increment(Status status, List<GlobalLimitRecord> limits, double retryAfterSeconds, List<String> nonDecaying) {
    }

    /** What a change of a limit did. */
    public enum Outcome { DONE, NOT_FOUND, NAME_TAKEN }

    private static final String COLUMNS = "id, name, slot_limit, active, active_slots, denied_slots, "
            + "slot_decay_per_second, avg_slot_occupancy_seconds, created, updated";
    private static final double DEFAULT_OCCUPANCY = 2.0;

    private final Database db;

    public GlobalLimitStore(Database db) {
        this.db = db;
    }

    /** Creates a limit; empty when the name is taken. */
    public Optional<GlobalLimitRecord> create(String name, int limit, boolean active, double activeSlots, double deniedSlots,
                                              double slotDecayPerSecond) {
        boolean created = db.writer().transact(c -> {
            return lock(c, List.of(name)).isEmpty() && insert(c, name, limit, active, activeSlots, deniedSlots, slotDecayPerSecond);
        });
        return created ? find(name) : Optional.empty();
    }

    /** The limit with the id or, when the key is no UUID or no id matches, the name. */
    public Optional<GlobalLimitRecord> find(String idOrName) {
        List<GlobalLimitRecord> byName = db.query("SELECT " + COLUMNS + " FROM global_concurrency_limit WHERE name = ? OR id = ?",
                ps -> {
                    ps.setString(1, idOrName);
                    ps.setString(2, idOrName);
                }, GlobalLimitStore::read);
        return byName.stream().filter(l -> l.id().toString().equals(idOrName)).findFirst()
                .or(() -> byName.stream().findFirst()).map(l -> l.at(Instant.now()));
    }

    public List<GlobalLimitRecord> list(int offset, int limit) {
        Instant now = Instant.now();
        return db.query("SELECT " + COLUMNS + " FROM global_concurrency_limit ORDER BY name LIMIT ? OFFSET ?", ps -> {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
        }, GlobalLimitStore::read).stream().map(l -> l.at(now)).toList();
    }

    /** Changes what is given (null leaves it) of the limit with the id or name. */
    public Outcome update(String idOrName, String newName, Integer limit, Boolean active, Double activeSlots,
                          Double deniedSlots, Double slotDecayPerSecond) {
        Optional<GlobalLimitRecord> found = find(idOrName);
        if (found.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        return db.writer().transact(c -> {
            GlobalLimitRecord l = lock(c, List.of(found.get().name())).stream().findFirst().orElse(null);
            if (l == null) {
                return Outcome.NOT_FOUND;
            }
            if (newName != null && !newName.equals(l.name()) && !lock(c, List.of(newName)).isEmpty()) {
                return Outcome.NAME_TAKEN;
            }
            GlobalLimitRecord now = l.at(Instant.now());
            write(c, new GlobalLimitRecord(l.id(), newName != null ? newName : l.name(), limit != null ? limit : l.limit(),
                    active != null ? active : l.active(), activeSlots != null ? activeSlots : now.activeSlots(),
                    deniedSlots != null ? deniedSlots : now.deniedSlots(),
                    slotDecayPerSecond != null ? slotDecayPerSecond : l.slotDecayPerSecond(),
                    l.avgSlotOccupancySeconds(), l.created(), Instant.now()));
            return Outcome.DONE;
        });
    }

    /** Deletes the limit with the id or name; false if there was none. */
    public boolean delete(String idOrName) {
        Optional<GlobalLimitRecord> found = find(idOrName);
        return found.isPresent() && db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM global_concurrency_limit WHERE id = ?")) {
                ps.setString(1, found.get().id().toString());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Takes {@code slots} on every active limit named, all or none; unknown names are created
     * inactive. A rate limit ({@code rateLimit}) needs slot decay on every active limit.
     */
    public Increment increment(List<String> names, int slots, boolean rateLimit) {
        return increment(names, slots, rateLimit, null);
    }

    /** As {@link #increment(List, int, boolean)}, recording the slots as held by the flow run {@code holder} (when not null). */
    public Increment increment(List<String> names, int slots, boolean rateLimit, UUID holder) {
        return db.writer().transact(c -> {
            Instant now = Instant.now();
            List<GlobalLimitRecord> limits = lockOrCreate(c, names).stream().map(l -> l.at(now)).toList();
            List<GlobalLimitRecord> active = limits.stream().filter(GlobalLimitRecord::active).toList();
            if (active.stream().anyMatch(l -> l.limit() < slots)) {
                return new Increment(Status.MORE_SLOTS_THAN_LIMIT, limits, 0, List.of());
            }
            List<String> nonDecaying = active.stream().filter(l -> l.slotDecayPerSecond() == 0).map(GlobalLimitRecord::name).toList();
            if (rateLimit && !nonDecaying.isEmpty()) {
                return new Increment(Status.NO_DECAY, limits, 0, nonDecaying);
            }
            boolean fits = active.stream().allMatch(l -> l.activeSlots() + slots <= l.limit() + 1e-9);
            for (GlobalLimitRecord l : active) {
                write(c, new GlobalLimitRecord(l.id(), l.name(), l.limit(), true,
                        fits ? l.activeSlots() + slots : l.activeSlots(), fits ? l.deniedSlots() : l.deniedSlots() + slots,
                        l.slotDecayPerSecond(), l.avgSlotOccupancySeconds(), l.created(), now));
            }
            if (fits) {
                if (holder != null && !rateLimit) {
                    hold(c, holder, names, slots);
                }
                return new Increment(Status.ACQUIRED, limits, 0, List.of());
            }
            GlobalLimitRecord blocking = null;
            double most = -1;
            for (GlobalLimitRecord l : active) {
                double blockingSlots = l.slotDecayPerSecond() > 0 ? slots + l.deniedSlots() : (slots + l.deniedSlots()) / l.limit();
                if (blockingSlots > most) {
                    most = blockingSlots;
                    blocking = l;
                }
            }
            double perSlot = blocking.slotDecayPerSecond() == 0 ? blocking.avgSlotOccupancySeconds()
                    : 1.0 / blocking.slotDecayPerSecond();
            return new Increment(Status.LOCKED, limits, perSlot * most, List.of());
        });
    }

    /** Frees {@code slots} on every active limit named; {@code occupancySeconds}, when given, refines the average occupancy. */
    public List<GlobalLimitRecord> decrement(List<String> names, int slots, Double occupancySeconds) {
        return decrement(names, slots, occupancySeconds, null);
    }

    /** As {@link #decrement(List, int, Double)}, forgetting one hold of the flow run {@code holder} (when not null). */
    public List<GlobalLimitRecord> decrement(List<String> names, int slots, Double occupancySeconds, UUID holder) {
        return db.writer().transact(c -> {
            if (holder != null) {
                unhold(c, holder, names, slots);
            }
            return free(c, names, slots, occupancySeconds);
        });
    }

    /** Frees the slots the flow run still holds (it was declared Crashed); returns how many holds there were. */
    public int releaseHoldsOf(UUID flowRunId) {
        return db.writer().transact(c -> {
            List<String[]> holds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT names, slots FROM global_concurrency_hold WHERE flow_run_id = ?")) {
                ps.setString(1, flowRunId.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        holds.add(new String[] {rs.getString(1), String.valueOf(rs.getInt(2))});
                    }
                }
            }
            for (String[] h : holds) {
                free(c, List.of(Json.read(h[0], String[].class)), Integer.parseInt(h[1]), null);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM global_concurrency_hold WHERE flow_run_id = ?")) {
                ps.setString(1, flowRunId.toString());
                ps.executeUpdate();
            }
            return holds.size();
        });
    }

    private static String namesJson(List<String> names) {
        return Json.write(names.stream().distinct().sorted().toList());
    }

    private static void hold(Connection c, UUID holder, List<String> names, int slots) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO global_concurrency_hold (id, flow_run_id, names, slots, created) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, Ids.next().toString());
            ps.setString(2, holder.toString());
            ps.setString(3, namesJson(names));
            ps.setInt(4, slots);
            ps.setLong(5, Sql.micros(Instant.now()));
            ps.executeUpdate();
        }
    }

    private static void unhold(Connection c, UUID holder, List<String> names, int slots) throws SQLException {
        String id = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM global_concurrency_hold WHERE flow_run_id = ? "
                + "AND names = ? AND slots = ?")) {
            ps.setString(1, holder.toString());
            ps.setString(2, namesJson(names));
            ps.setInt(3, slots);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = rs.getString(1);
                }
            }
        }
        if (id != null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM global_concurrency_hold WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
    }

    private List<GlobalLimitRecord> free(Connection c, List<String> names, int slots, Double occupancySeconds)
            throws SQLException {
        Instant now = Instant.now();
        List<GlobalLimitRecord> limits = lockOrCreate(c, names);
        for (GlobalLimitRecord stored : limits) {
            if (!stored.active()) {
                continue;
            }
            GlobalLimitRecord l = stored.at(now);
            double avg = l.avgSlotOccupancySeconds();
            if (occupancySeconds != null && slots > 0) {
                avg = avg + (occupancySeconds / slots - avg) / Math.max(1, l.limit() * 2);
            }
            write(c, new GlobalLimitRecord(l.id(), l.name(), l.limit(), true, Math.max(0, l.activeSlots() - slots),
                    l.deniedSlots(), l.slotDecayPerSecond(), avg, l.created(), now));
        }
        return limits;
    }

    private List<GlobalLimitRecord> lockOrCreate(Connection c, List<String> names) throws SQLException {
        List<GlobalLimitRecord> found = lock(c, names);
        if (found.size() < names.stream().distinct().count()) {
            for (String name : names) {
                if (found.stream().noneMatch(l -> l.name().equals(name))) {
                    insert(c, name, 1, false, 0, 0, 0);
                }
            }
            found = lock(c, names);
        }
        return found;
    }

    /** The limits of the names, their rows locked until the transaction ends, in name order (no deadlocks). */
    private List<GlobalLimitRecord> lock(Connection c, List<String> names) throws SQLException {
        List<String> sorted = names.stream().distinct().sorted().toList();
        String sql = "SELECT " + COLUMNS + " FROM global_concurrency_limit WHERE name IN ("
                + String.join(", ", sorted.stream().map(n -> "?").toList()) + ") ORDER BY name"
                + (db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "");
        List<GlobalLimitRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < sorted.size(); i++) {
                ps.setString(i + 1, sorted.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static boolean insert(Connection c, String name, int limit, boolean active, double activeSlots, double deniedSlots,
                                  double decay) throws SQLException {
        long now = Sql.micros(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO global_concurrency_limit (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, Ids.next().toString());
            ps.setString(2, name);
            ps.setInt(3, limit);
            ps.setInt(4, active ? 1 : 0);
            ps.setDouble(5, activeSlots);
            ps.setDouble(6, deniedSlots);
            ps.setDouble(7, decay);
            ps.setDouble(8, DEFAULT_OCCUPANCY);
            ps.setLong(9, now);
            ps.setLong(10, now);
            return ps.executeUpdate() > 0;
        }
    }

    private static void write(Connection c, GlobalLimitRecord l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE global_concurrency_limit SET name = ?, slot_limit = ?, "
                + "active = ?, active_slots = ?, denied_slots = ?, slot_decay_per_second = ?, avg_slot_occupancy_seconds = ?, "
                + "updated = ? WHERE id = ?")) {
            ps.setString(1, l.name());
            ps.setInt(2, l.limit());
            ps.setInt(3, l.active() ? 1 : 0);
            ps.setDouble(4, l.activeSlots());
            ps.setDouble(5, l.deniedSlots());
            ps.setDouble(6, l.slotDecayPerSecond());
            ps.setDouble(7, l.avgSlotOccupancySeconds());
            ps.setLong(8, Sql.micros(l.updated()));
            ps.setString(9, l.id().toString());
            ps.executeUpdate();
        }
    }

    private static GlobalLimitRecord read(ResultSet rs) throws SQLException {
        return new GlobalLimitRecord(UUID.fromString(rs.getString("id")), rs.getString("name"), rs.getInt("slot_limit"),
                rs.getInt("active") != 0, rs.getDouble("active_slots"), rs.getDouble("denied_slots"),
                rs.getDouble("slot_decay_per_second"), rs.getDouble("avg_slot_occupancy_seconds"),
                Sql.instant(rs, "created"), Sql.instant(rs, "updated"));
    }
}
