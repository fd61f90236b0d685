package io.ebbflow.e2e.examples;

import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple3;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.examples.connected.SensorThresholds;
import io.ebbflow.examples.join.WindowJoin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the ported Flink examples (session windowing, window join, side outputs, sensor thresholds) must emit,
 * computed in one thread straight from their generator functions, without the runtime.
 */
final class PortedExamplesReference {

    private PortedExamplesReference() {
    }

    /**
     * The sessions of {@code clicks} (time order): per user, a click more than a gap after the session's last one
     * (so its window does not even touch the session's) starts a new session.
     */
    static List<Tuple4<String, Long, Long, Integer>> sessions(List<Tuple2<String, Long>> clicks, long gap) {
        Map<String, List<Long>> byUser = new LinkedHashMap<>();
        clicks.forEach(c -> byUser.computeIfAbsent(c.f0, u -> new ArrayList<>()).add(c.f1));
        List<Tuple4<String, Long, Long, Integer>> sessions = new ArrayList<>();
        byUser.forEach((user, times) -> {
            long start = times.get(0);
            long last = start;
            int n = 0;
            for (long t : times) {
                if (t > last + gap) {
                    sessions.add(Tuple4.of(user, start, last + gap, n));
                    start = t;
                    n = 0;
                }
                last = t;
                n++;
            }
            sessions.add(Tuple4.of(user, start, last + gap, n));
        });
        return sessions;
    }

    /** Every (name, grade, salary) of a grade and a salary of one person in the same tumbling window. */
    static List<Tuple3<String, Integer, Integer>> windowJoin(long seed, long count, long window) {
        List<Tuple3<String, Integer, Integer>> pairs = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            Tuple3<String, Integer, Long> g = WindowJoin.grade(seed, i);
            for (long j = 0; j < count; j++) {
                Tuple3<String, Integer, Long> s = WindowJoin.salary(seed, j);
                if (g.f0.equals(s.f0) && g.f2 / window == s.f2 / window) {
                    pairs.add(Tuple3.of(g.f0, g.f1, s.f1));
                }
            }
        }
        return pairs;
    }

    /** Every reading above the threshold its sensor had at the reading's time, as (sensor, time, value, threshold). */
    static List<Tuple4<Integer, Long, Integer, Integer>> sensorAlerts(long seed, int sensors, long readings) {
        List<TreeMap<Long, Integer>> thresholds = new ArrayList<>();
        for (int s = 0; s < sensors; s++) {
            thresholds.add(new TreeMap<>());
        }
        for (long i = 0; i < readings / SensorThresholds.CONTROL_EVERY; i++) {
            Tuple3<Integer, Integer, Long> c = SensorThresholds.threshold(seed, sensors, i);
            thresholds.get(c.f0).put(c.f2, c.f1);
        }
        List<Tuple4<Integer, Long, Integer, Integer>> alerts = new ArrayList<>();
        for (long i = 0; i < readings; i++) {
            Tuple3<Integer, Integer, Long> r = SensorThresholds.reading(seed, sensors, i);
            var inForce = thresholds.get(r.f0).floorEntry(r.f2);
            if (inForce != null && r.f1 > inForce.getValue()) {
                alerts.add(Tuple4.of(r.f0, r.f2, r.f1, inForce.getValue()));
            }
        }
        return alerts;
    }

    /** The running counts the side-output example emits for {@code lines}: the counted words, and the rejected lengths. */
    record WordCounts(List<Tuple2<String, Integer>> counts, List<Tuple2<Integer, Integer>> rejectedByLength) {

        /** The last (largest) running count of each word. */
        Map<String, Integer> finalCounts() {
            return last(counts);
        }

        /** The last (largest) running count of each rejected length. */
        Map<Integer, Integer> finalRejected() {
            return last(rejectedByLength);
        }

        private static <K> Map<K, Integer> last(List<Tuple2<K, Integer>> running) {
            Map<K, Integer> last = new HashMap<>();
            running.forEach(t -> last.merge(t.f0, t.f1, Math::max));
            return last;
        }
    }

    /** Words longer than {@code maxLength} are rejected (counted by length), the others counted; one output each. */
    static WordCounts sideOutputCounts(Iterable<String> lines, int maxLength) {
        Map<String, Integer> counts = new HashMap<>();
        Map<Integer, Integer> rejected = new HashMap<>();
        List<Tuple2<String, Integer>> countOut = new ArrayList<>();
        List<Tuple2<Integer, Integer>> rejectedOut = new ArrayList<>();
        for (String line : lines) {
            for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (w.isEmpty()) {
                    continue;
                }
                if (w.length() > maxLength) {
                    rejectedOut.add(Tuple2.of(w.length(), rejected.merge(w.length(), 1, Integer::sum)));
                } else {
                    countOut.add(Tuple2.of(w, counts.merge(w, 1, Integer::sum)));
                }
            }
        }
        return new WordCounts(countOut, rejectedOut);
    }
}
