package io.ebbflow.e2e.hosts;

import java.util.List;

/** Where a service process runs: a network host of its own, reached at {@link #address()}. */
public interface ServiceHost {

    /** The host's name, for logs and process names. */
    String name();

    /** The address the host's services bind and announce ({@code cluster.host}). */
    String address();

    /** What to put before {@code java ...} to run a process on this host (e.g. {@code ip netns exec <ns>}). */
    List<String> launcher();
}
