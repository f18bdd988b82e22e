package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.OrionException;
import dev.orion.api.orchestration.SlotAcquisition.Outcome;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyLimitStoreTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void slotsAreTakenAllOrNoneAndFreedAgain(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            var limits = new ConcurrencyLimitStore(db);
            limits.upsert("db", 1);
            limits.upsert("api", 2);
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();

            assertThat(limits.acquire(Set.of("db", "api"), first).outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(limits.acquire(Set.of("db", "api"), first).outcome()).isEqualTo(Outcome.ACQUIRED);
            var blocked = limits.acquire(Set.of("db", "api"), second);
            assertThat(blocked.outcome()).isEqualTo(Outcome.LIMIT_REACHED);
            assertThat(blocked.tag()).isEqualTo("db");
            assertThat(limits.find("api").orElseThrow().activeSlots()).containsExactly(first);

            assertThat(limits.release(Set.of("db", "api"), first)).isTrue();
            assertThat(limits.acquire(Set.of("db"), second).outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(limits.find("db").orElseThrow().activeSlots()).containsExactly(second);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aZeroLimitNeverLetsARunStart(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            var limits = new ConcurrencyLimitStore(db);
            limits.upsert("frozen", 0);
            var result = limits.acquire(Set.of("frozen"), UUID.randomUUID());
            assertThat(result.outcome()).isEqualTo(Outcome.ZERO_LIMIT);
            assertThat(result.tag()).isEqualTo("frozen");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void limitsSurviveReopeningTheDatabase(TestDatabase kind) {
        String url = kind.url(dir);
        try (Database db = Database.open(url)) {
            new ConcurrencyLimitStore(db).upsert("db", 2);
        }
        try (Database db = Database.open(url)) {
            var limits = new ConcurrencyLimitStore(db);
            assertThat(limits.list()).extracting(l -> l.tag() + "=" + l.limit()).containsExactly("db=2");
            assertThat(limits.delete("db")).isTrue();
            assertThat(limits.delete("db")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aNegativeLimitIsRefusedWithTheValue(TestDatabase kind) {
        try (Database db = kind.open(dir)) {
            assertThatThrownBy(() -> new ConcurrencyLimitStore(db).upsert("db", -1))
                    .isInstanceOf(OrionException.class).hasMessageContaining("-1");
        }
    }
}
