package io.ebbflow.bench;

import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the time of events from the services' own logs (millisecond timestamps at the start of each line),
 * so that polling the logs adds nothing to a measurement, and the small helpers of the start-up benchmarks.
 */
final class ServiceLogs {

    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

    private ServiceLogs() {
    }

    /** The time of the first line matching, or of the last timestamped line before it (for untimed lines). */
    static OptionalLong firstLineTime(ServiceProcess p, Predicate<String> matches) {
        long last = -1;
        for (String line : lines(p)) {
            Matcher m = TIME.matcher(line);
            if (m.find()) {
                last = epochMillis(m.group(1));
            }
            if (last >= 0 && matches.test(line)) {
                return OptionalLong.of(last);
            }
        }
        return OptionalLong.empty();
    }

    /** The time of the first line containing {@code text}. */
    static OptionalLong firstLineTime(ServiceProcess p, String text) {
        return firstLineTime(p, l -> l.contains(text));
    }

    /** The latest of the processes' first matching lines; fails naming the log without one. */
    static long max(List<ServiceProcess> processes, Function<ServiceProcess, OptionalLong> f) {
        long max = Long.MIN_VALUE;
        for (ServiceProcess p : processes) {
            max = Math.max(max, f.apply(p).orElseThrow(() -> new IllegalStateException("no such line in " + p.log())));
        }
        return max;
    }

    static List<String> lines(ServiceProcess p) {
        try {
            return Files.readAllLines(p.log());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    static long epochMillis(String hhmmss) {
        LocalTime t = LocalTime.parse(hhmmss, DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
        long ms = LocalDate.now().atTime(t).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        // A run that crosses midnight: a time far in the future belongs to yesterday.
        return ms - System.currentTimeMillis() > 3_600_000 ? ms - 86_400_000 : ms;
    }

    /** {@code n} consecutive loopback ports that are free now. */
    static int freePortRange(int n) throws IOException {
        return io.ebbflow.e2e.Ports.freeRange(n);
    }

    static void add(Map<String, List<Long>> phases, String phase, long ms) {
        phases.computeIfAbsent(phase, k -> new java.util.ArrayList<>()).add(ms);
    }

    /** A markdown table of phases: median and max of each. */
    static void phaseTable(Map<String, List<Long>> phases) {
        System.out.println("| phase | ms after launch, median / max |");
        System.out.println("|---|---|");
        for (Map.Entry<String, List<Long>> e : phases.entrySet()) {
            List<Long> s = e.getValue().stream().sorted().toList();
            System.out.println("| " + e.getKey() + " | " + s.get(s.size() / 2) + " / " + s.get(s.size() - 1) + " |");
        }
        System.out.println();
    }

    static String doubleStats(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> s = values.stream().sorted().toList();
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, s.get(0), s.get(s.size() / 2),
                s.get(s.size() - 1));
    }

    static String millisStats(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> s = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%d / %d / %d ms", s.get(0), s.get(s.size() / 2), s.get(s.size() - 1));
    }
}
