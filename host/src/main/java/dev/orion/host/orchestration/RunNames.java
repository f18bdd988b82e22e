package dev.orion.host.orchestration;

import java.util.concurrent.ThreadLocalRandom;

/** Friendly random run names, "adjective-animal" as Prefect gives them. Thread-safe. */
final class RunNames {

    private static final String[] ADJECTIVES = {"amber", "bold", "brisk", "calm", "clever", "cosmic", "daring",
        "eager", "fancy", "gentle", "golden", "happy", "jolly", "keen", "lively", "lucky", "merry", "nimble",
        "proud", "quick", "quiet", "rapid", "silver", "steady", "sunny", "swift", "tidy", "vivid", "witty", "zesty"};
    private static final String[] ANIMALS = {"badger", "beaver", "bison", "crane", "dingo", "eagle", "falcon",
        "ferret", "gecko", "heron", "ibis", "jackal", "koala", "lemur", "lynx", "marmot", "newt", "otter", "panda",
        "puffin", "quail", "raven", "salmon", "tapir", "toucan", "urchin", "walrus", "wombat", "yak", "zebra"};

    private RunNames() {
    }

    static String next() {
        var r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + ANIMALS[r.nextInt(ANIMALS.length)];
    }
}
