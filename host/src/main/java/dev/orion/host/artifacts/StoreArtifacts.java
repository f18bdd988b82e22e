package dev.orion.host.artifacts;

import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.NewArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Artifacts} read and written in the local store. Thread-safe. */
final class StoreArtifacts implements Artifacts {

    static final int PAGE = Artifacts.PAGE;

    private final ArtifactStore store;

    StoreArtifacts(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public ArtifactRecord create(NewArtifact artifact) {
        ArtifactRules.key(artifact.key());
        return store.create(artifact);
    }

    @Override
    public Optional<ArtifactRecord> latest(String key) {
        return store.latest(key).map(ArtifactCollectionRecord::latest);
    }

    @Override
    public List<ArtifactCollectionRecord> latestOfEachKey() {
        List<ArtifactCollectionRecord> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<ArtifactCollectionRecord> page = store.listLatest(Filter.ALL,
                    new FilterQueries.Page(ArtifactStore.LATEST_SORTS.get("KEY_ASC"), PAGE, offset));
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    @Override
    public List<ArtifactRecord> versions(String key) {
        return store.versions(key, PAGE);
    }
}
