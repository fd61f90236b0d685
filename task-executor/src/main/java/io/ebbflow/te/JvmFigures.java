package io.ebbflow.te;

import io.ebbflow.core.protocol.TaskExecutorMessages.JvmStatus;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;

/**
 * This JVM's heap and metaspace and its garbage collectors' time as Flink reports them for a TaskManager
 * ({@code Status.JVM.Memory.Heap.Used/Max}, {@code Status.JVM.Memory.Metaspace.Used},
 * {@code Status.JVM.GarbageCollector.All.TimeMsPerSecond}): the time is a rate over the interval since the previous
 * call (over the JVM's life for the first). Confined to the TaskExecutor's verticle.
 */
final class JvmFigures {

    private long previousAt = -1;
    private long previousGcMillis;

    /** The figures now ({@code nowMillis} from the verticle's clock, {@code uptimeMillis} the JVM's). */
    JvmStatus next(long nowMillis, long uptimeMillis) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long metaspace = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                metaspace = pool.getUsage().getUsed();
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        return new JvmStatus(heap.getUsed(), heap.getMax(), metaspace, rate(nowMillis, uptimeMillis, gc));
    }

    /** Milliseconds of collection per second since the previous call; remembers this one. Pure but for that. */
    double rate(long nowMillis, long uptimeMillis, long gcMillis) {
        long elapsed = previousAt < 0 ? uptimeMillis : nowMillis - previousAt;
        long collected = gcMillis - (previousAt < 0 ? 0 : previousGcMillis);
        previousAt = nowMillis;
        previousGcMillis = gcMillis;
        return elapsed <= 0 ? 0 : Math.max(0, collected) * 1000.0 / elapsed;
    }
}
