package io.ebbflow.core.service;

import picocli.CommandLine;

/** The version printed by {@code --version}. */
public final class Version implements CommandLine.IVersionProvider {

    /** Ebbflow's version, from the jar manifest when packaged. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Ebbflow " + current(), "Java " + System.getProperty("java.version")};
    }
}
