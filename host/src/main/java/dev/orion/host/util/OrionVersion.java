package dev.orion.host.util;

/** This build's Orion version, from the jar's manifest ({@code dev} when run from classes). */
public final class OrionVersion {

    private OrionVersion() {
    }

    public static String current() {
        String version = OrionVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
