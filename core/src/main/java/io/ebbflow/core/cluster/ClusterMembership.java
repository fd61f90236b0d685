package io.ebbflow.core.cluster;

import java.util.Set;

/**
 * Which service processes are in the cluster now. A process that exits, crashes or is killed leaves the
 * membership within about a second on one machine (its connections are refused); a hung one after
 * {@code cluster.failure-detection.timeout}. Listeners are called on the Vert.x context that was
 * current when they were added (a verticle's event loop).
 */
public interface ClusterMembership {

    /** This process's node id (the same id Vert.x uses for the event bus). */
    String localNodeId();

    /** The ids of all current members, this one included. */
    Set<String> liveNodeIds();

    default boolean isLive(String nodeId) {
        return liveNodeIds().contains(nodeId);
    }

    /** Calls the listener for every member that joins or leaves from now on. */
    Subscription addListener(Listener listener);

    /** Membership events. */
    interface Listener {
        default void nodeJoined(String nodeId) {
        }

        void nodeLeft(String nodeId);
    }

    /** Stops a listener. */
    interface Subscription {
        void cancel();
    }
}
