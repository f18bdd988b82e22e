package dev.orion.host.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Readable flow run names in Prefect's style: {@code adjective-animal}. */
final class RunNames {

    private static final String[] ADJECTIVES = {"amber", "brave", "calm", "crimson", "daring", "eager", "fancy",
        "gentle", "golden", "happy", "icy", "jolly", "keen", "lively", "merry", "nimble", "olive", "proud", "quiet",
        "rapid", "silver", "steady", "tidy", "vivid", "witty", "zesty"};
    private static final String[] ANIMALS = {"badger", "beaver", "cheetah", "dolphin", "eagle", "falcon", "gecko",
        "heron", "ibis", "jaguar", "koala", "lemur", "lynx", "marmot", "newt", "otter", "panda", "quail", "raven",
        "salmon", "tapir", "urchin", "viper", "walrus", "yak", "zebra"};

    private RunNames() {
    }

    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + ANIMALS[r.nextInt(ANIMALS.length)];
    }
}
