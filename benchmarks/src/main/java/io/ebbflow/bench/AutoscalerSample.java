package io.ebbflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One second of an autoscaler comparison run, as sampled over REST: the load asked for, what the source read, its
 * backlog, the parallelism of each vertex, the slots the job holds and the slow call's busiest subtask.
 *
 * @param second seconds since the profile started (fractional: when the sample was taken)
 * @param rate the rate the profile asked for (records/s)
 * @param inputRate the source's records out per second, summed over its subtasks (-1 unknown)
 * @param backlog the source's {@code pendingRecords}, summed (-1 unknown)
 * @param slowCall the slow call's parallelism (0 while the job does not run)
 * @param source the source's parallelism
 * @param checker the checker's parallelism
 * @param slots slots the job holds ({@code taskSlotsTotal - taskSlotsAvailable})
 * @param busy the slow call's busiest subtask, ms busy per second (-1 unknown)
 * @param running whether every vertex ran
 */
record AutoscalerSample(double second, double rate, double inputRate, double backlog, int slowCall, int source, int checker,
        int slots, double busy, boolean running) {

    static final String HEADER = "second,rate,input_rate,backlog,slow_call_p,source_p,checker_p,slots,busy_ms_per_s,running";

    String csv() {
        return String.format(Locale.ROOT, "%.1f,%.0f,%.1f,%.0f,%d,%d,%d,%d,%.0f,%b", second, rate, inputRate, backlog, slowCall,
                source, checker, slots, busy, running);
    }

    static AutoscalerSample parse(String line) {
        String[] f = line.split(",");
        if (f.length != 10) {
            throw new IllegalArgumentException("a sample has 10 fields (" + HEADER + "), not " + f.length + ": '" + line + "'");
        }
        return new AutoscalerSample(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]),
                Integer.parseInt(f[7]), Double.parseDouble(f[8]), Boolean.parseBoolean(f[9]));
    }

    static void write(Path file, List<AutoscalerSample> samples) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        samples.forEach(s -> lines.add(s.csv()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    static List<AutoscalerSample> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + " is not a sample file: its first line is not '" + HEADER + "'");
        }
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(AutoscalerSample::parse).toList();
    }
}
