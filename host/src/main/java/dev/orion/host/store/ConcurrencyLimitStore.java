package dev.orion.host.store;

import com.fasterxml.jackson.databind.JavaType;
import dev.orion.api.OrionException;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.api.orchestration.SlotAcquisition;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Concurrency limits by tag and the task runs holding their slots. Slot changes run in the
 * writer's transaction (with row locks on PostgreSQL), so two processes never over-fill a
 * limit. Thread-safe.
 */
public final class ConcurrencyLimitStore {

    private static final JavaType UUID_LIST = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, UUID.class);

    private final Database db;

    public ConcurrencyLimitStore(Database db) {
        this.db = db;
    }

    /** Creates the limit or changes an existing one's size, keeping its active slots. */
    public ConcurrencyLimit upsert(String tag, int limit) {
        if (tag == null || tag.isBlank()) {
            throw new OrionException("a concurrency limit needs a tag");
        }
        if (limit < 0) {
            throw new OrionException("a concurrency limit must be 0 or more, got " + limit + " for tag '" + tag + "'");
        }
        db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO concurrency_limit "
                    + "(id, tag, slot_limit, active_slots, created, updated) VALUES (?, ?, ?, '[]', ?, ?) "
                    + "ON CONFLICT (tag) DO UPDATE SET slot_limit = excluded.slot_limit, updated = excluded.updated")) {
                ps.setString(1, Ids.next().toString());
                ps.setString(2, tag);
                ps.setInt(3, limit);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return null;
        });
        return find(tag).orElseThrow();
    }

    public List<ConcurrencyLimit> list() {
        return db.query("SELECT tag, slot_limit, active_slots FROM concurrency_limit ORDER BY tag", ps -> { },
                ConcurrencyLimitStore::read);
    }

    public Optional<ConcurrencyLimit> find(String tag) {
        return db.query("SELECT tag, slot_limit, active_slots FROM concurrency_limit WHERE tag = ?",
                ps -> ps.setString(1, tag), ConcurrencyLimitStore::read).stream().findFirst();
    }

    /** When a tag's limit was created and last changed. */
    public record Stamps(Instant created, Instant updated) {
    }

    public Optional<Stamps> stamps(String tag) {
        return db.query("SELECT created, updated FROM concurrency_limit WHERE tag = ?", ps -> ps.setString(1, tag),
                rs -> new Stamps(Sql.instant(rs, "created"), Sql.instant(rs, "updated"))).stream().findFirst();
    }

    /** The tags that have a limit. */
    public Set<String> limitedTags() {
        return Set.copyOf(db.query("SELECT tag FROM concurrency_limit", ps -> { }, rs -> rs.getString(1)));
    }

    /** Deletes the limit; false if there was none. */
    public boolean delete(String tag) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM concurrency_limit WHERE tag = ?")) {
                ps.setString(1, tag);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Takes a slot for the run on every limit among the tags, all or none. */
    public SlotAcquisition acquire(Set<String> tags, UUID runId) {
        if (tags.isEmpty()) {
            return SlotAcquisition.ACQUIRED;
        }
        return db.writer().transact(c -> {
            List<ConcurrencyLimit> limits = lockLimits(c, tags);
            for (ConcurrencyLimit l : limits) {
                if (l.limit() == 0) {
                    return new SlotAcquisition(SlotAcquisition.Outcome.ZERO_LIMIT, l.tag());
                }
            }
            for (ConcurrencyLimit l : limits) {
                if (!l.activeSlots().contains(runId) && l.activeSlots().size() >= l.limit()) {
                    return new SlotAcquisition(SlotAcquisition.Outcome.LIMIT_REACHED, l.tag());
                }
            }
            for (ConcurrencyLimit l : limits) {
                if (!l.activeSlots().contains(runId)) {
                    var slots = new LinkedHashSet<>(l.activeSlots());
                    slots.add(runId);
                    writeSlots(c, l.tag(), slots);
                }
            }
            return SlotAcquisition.ACQUIRED;
        });
    }

    /** Frees the run's slots on the tags' limits. Returns whether any slot was freed. */
    public boolean release(Set<String> tags, UUID runId) {
        if (tags.isEmpty()) {
            return false;
        }
        return db.writer().transact(c -> {
            boolean freed = false;
            for (ConcurrencyLimit l : lockLimits(c, tags)) {
                if (l.activeSlots().contains(runId)) {
                    var slots = new LinkedHashSet<>(l.activeSlots());
                    slots.remove(runId);
                    writeSlots(c, l.tag(), slots);
                    freed = true;
                }
            }
            return freed;
        });
    }

    private List<ConcurrencyLimit> lockLimits(Connection c, Set<String> tags) throws SQLException {
        String in = tags.stream().map(t -> "?").collect(Collectors.joining(", "));
        String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT tag, slot_limit, active_slots FROM concurrency_limit "
                + "WHERE tag IN (" + in + ") ORDER BY tag" + lock)) {
            int i = 1;
            for (String t : tags) {
                ps.setString(i++, t);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<ConcurrencyLimit> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        }
    }

    private static void writeSlots(Connection c, String tag, Set<UUID> slots) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE concurrency_limit SET active_slots = ?, updated = ? WHERE tag = ?")) {
            ps.setString(1, Json.write(slots));
            ps.setLong(2, Sql.micros(Instant.now()));
            ps.setString(3, tag);
            ps.executeUpdate();
        }
    }

    private static ConcurrencyLimit read(ResultSet rs) throws SQLException {
        List<UUID> slots = Json.read(rs.getString("active_slots"), UUID_LIST);
        return new ConcurrencyLimit(rs.getString("tag"), rs.getInt("slot_limit"), slots);
    }
}
