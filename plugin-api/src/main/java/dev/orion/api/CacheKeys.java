package dev.orion.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Cache keys computed from argument values. */
public final class CacheKeys {

    private CacheKeys() {
    }

    /** A SHA-256 of the arguments' string forms: equal arguments give equal keys. */
    public static String hash(List<Object> args) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Object a : args) {
                md.update(String.valueOf(a).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
