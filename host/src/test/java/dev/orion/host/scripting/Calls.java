package dev.orion.host.scripting;

import java.util.concurrent.atomic.AtomicInteger;

/** A counter test scripts reach through Java interop ({@code Java.type(...)}), shared by all their contexts. */
public final class Calls {

    public static final AtomicInteger COUNT = new AtomicInteger();

    private Calls() {
    }
}
