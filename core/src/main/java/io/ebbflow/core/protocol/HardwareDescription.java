package io.ebbflow.core.protocol;

/**
 * What a TaskExecutor's machine and JVM offer, as shown by {@code GET /taskmanagers}.
 *
 * @param cpuCores processors available to the JVM
 * @param physicalMemory bytes of physical memory of the machine (0 if unknown)
 * @param freeMemory bytes of JVM heap not in use at registration
 * @param maxHeap the JVM's maximum heap in bytes
 */
public record HardwareDescription(int cpuCores, long physicalMemory, long freeMemory, long maxHeap) {

    public HardwareDescription {
        Require.between(cpuCores, 1, 1 << 16, "cpuCores");
        Require.atLeast(physicalMemory, 0, "physicalMemory");
        Require.atLeast(freeMemory, 0, "freeMemory");
        Require.atLeast(maxHeap, 0, "maxHeap");
    }

    /** This process's hardware. */
    public static HardwareDescription ofThisProcess() {
        Runtime rt = Runtime.getRuntime();
        long physical = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return new HardwareDescription(rt.availableProcessors(), physical, rt.freeMemory(), rt.maxMemory());
    }
}
