package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Prefect-style blocks, kept as the client describes them: block types by slug, block schemas
 * by checksum, and block documents (configuration such as where results are stored). Bodies are
 * JSON text; the server shapes the answers. Writes wait for their commit. Thread-safe.
 */
public final class BlockStore {

    /**
     * One stored block type, schema or document.
     *
     * @param id      its id
     * @param key     slug, checksum or name
     * @param ref1    for a schema: its block type; for a document: its block type
     * @param ref2    for a document: its block schema
     * @param body    its JSON (a type's or schema's fields; a document's data)
     * @param flag    for a document: whether it is anonymous
     * @param created when it was created
     * @param updated when it last changed
     */
    public record Stored(UUID id, String key, UUID ref1, UUID ref2, String body, boolean flag, Instant created,
                         Instant updated) {
    }

    private final Database db;

    public BlockStore(Database db) {
        this.db = db;
    }

    /** Creates the block type, or replaces the body of the one with its slug; returns it. */
    public Stored saveType(String slug, String body) {
        db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO block_type (id, slug, body, created, updated) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET body = excluded.body, updated = excluded.updated")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, slug);
                ps.setString(3, body);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return null;
        });
        return typeBySlug(slug).orElseThrow();
    }

    public Optional<Stored> typeBySlug(String slug) {
        return one("SELECT id, slug AS k, NULL AS r1, NULL AS r2, body, 0 AS flag, created, updated FROM block_type WHERE slug = ?", slug);
    }

    public Optional<Stored> type(UUID id) {
        return one("SELECT id, slug AS k, NULL AS r1, NULL AS r2, body, 0 AS flag, created, updated FROM block_type WHERE id = ?", id.toString());
    }

    public List<Stored> types() {
        return db.query("SELECT id, slug AS k, NULL AS r1, NULL AS r2, body, 0 AS flag, created, updated FROM block_type ORDER BY slug",
                ps -> { }, BlockStore::read);
    }

    /** Stores a block schema of a block type and returns it. */
    public Stored createSchema(String checksum, String version, UUID blockTypeId, String body) {
        UUID id = UUID.randomUUID();
        insert("INSERT INTO block_schema (id, checksum, version, block_type_id, body, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id.toString(), checksum, version, blockTypeId.toString(), body);
        return schema(id).orElseThrow();
    }

    /** The schema with the checksum; of the version when given, else the newest. */
    public Optional<Stored> schemaByChecksum(String checksum, String version) {
        String sql = "SELECT id, checksum AS k, block_type_id AS r1, NULL AS r2, body, 0 AS flag, created, updated "
                + "FROM block_schema WHERE checksum = ?" + (version == null ? "" : " AND version = ?") + " ORDER BY created DESC";
        return db.query(sql, ps -> {
            ps.setString(1, checksum);
            if (version != null) {
                ps.setString(2, version);
            }
        }, BlockStore::read).stream().findFirst();
    }

    public Optional<Stored> schema(UUID id) {
        return one("SELECT id, checksum AS k, block_type_id AS r1, NULL AS r2, body, 0 AS flag, created, updated FROM block_schema WHERE id = ?",
                id.toString());
    }

    /** The schemas of a block type, newest first. */
    public List<Stored> schemasOfType(UUID blockTypeId) {
        return db.query("SELECT id, checksum AS k, block_type_id AS r1, NULL AS r2, body, 0 AS flag, created, updated "
                + "FROM block_schema WHERE block_type_id = ? ORDER BY created DESC", ps -> ps.setString(1, blockTypeId.toString()),
                BlockStore::read);
    }

    /** Stores a block document and returns it. */
    public Stored createDocument(String name, UUID blockTypeId, UUID blockSchemaId, String data, boolean anonymous) {
        UUID id = UUID.randomUUID();
        db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO block_document (id, name, block_type_id, "
                    + "block_schema_id, data, is_anonymous, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id.toString());
                ps.setString(2, name);
                ps.setString(3, blockTypeId.toString());
                ps.setString(4, blockSchemaId.toString());
                ps.setString(5, data);
                ps.setInt(6, anonymous ? 1 : 0);
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            return null;
        });
        return document(id).orElseThrow();
    }

    public Optional<Stored> document(UUID id) {
        return one("SELECT id, name AS k, block_type_id AS r1, block_schema_id AS r2, data AS body, is_anonymous AS flag, "
                + "created, updated FROM block_document WHERE id = ?", id.toString());
    }

    public Optional<Stored> documentNamed(UUID blockTypeId, String name) {
        return db.query("SELECT id, name AS k, block_type_id AS r1, block_schema_id AS r2, data AS body, "
                + "is_anonymous AS flag, created, updated FROM block_document WHERE block_type_id = ? AND name = ?", ps -> {
                    ps.setString(1, blockTypeId.toString());
                    ps.setString(2, name);
                }, BlockStore::read).stream().findFirst();
    }

    /** The named (not anonymous) documents of a block type, by name. */
    public List<Stored> documentsOfType(UUID blockTypeId) {
        return db.query("SELECT id, name AS k, block_type_id AS r1, block_schema_id AS r2, data AS body, "
                + "is_anonymous AS flag, created, updated FROM block_document WHERE block_type_id = ? AND is_anonymous = 0 "
                + "ORDER BY name", ps -> ps.setString(1, blockTypeId.toString()), BlockStore::read);
    }

    /** Replaces a document's data (and schema, when given); false if there is no such document. */
    public boolean updateDocument(UUID id, UUID blockSchemaId, String data) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE block_document SET data = ?, "
                    + "block_schema_id = COALESCE(?, block_schema_id), updated = ? WHERE id = ?")) {
                ps.setString(1, data);
                ps.setString(2, blockSchemaId == null ? null : blockSchemaId.toString());
                ps.setLong(3, Sql.micros(Instant.now()));
                ps.setString(4, id.toString());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Deletes a document; false if there was none. */
    public boolean deleteDocument(UUID id) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM block_document WHERE id = ?")) {
                ps.setString(1, id.toString());
                return ps.executeUpdate() > 0;
            }
        });
    }

    private void insert(String sql, String... values) {
        db.writer().transact(c -> {
            long now = Sql.micros(Instant.now());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String v : values) {
                    Sql.setString(ps, i++, v);
                }
                ps.setLong(i++, now);
                ps.setLong(i, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private Optional<Stored> one(String sql, String key) {
        return db.query(sql, ps -> ps.setString(1, key), BlockStore::read).stream().findFirst();
    }

    private static Stored read(ResultSet rs) throws SQLException {
        return new Stored(UUID.fromString(rs.getString("id")), rs.getString("k"), Sql.uuid(rs, "r1"), Sql.uuid(rs, "r2"),
                rs.getString("body"), rs.getInt("flag") != 0, Sql.instant(rs, "created"), Sql.instant(rs, "updated"));
    }
}
