package io.ebbflow.e2e.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.SingleOutputStreamOperator;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.tuple.Tuple2;
import io.ebbflow.api.tuple.Tuple4;
import io.ebbflow.examples.sideoutput.SideOutputs;
import io.ebbflow.examples.windowing.SessionWindowing;
import io.ebbflow.runtime.local.LocalJobRunner;
import io.ebbflow.runtime.testing.CollectSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session-windowing and side-output examples on the local runner, against references computed here. */
class SessionAndSideOutputExamplesTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 99})
    void sessionWindowingEmitsEachUsersGapSeparatedSessions(long seed) throws Exception {
        long gap = 3_000;
        List<Tuple2<String, Long>> clicks = SessionWindowing.clicks(seed, 4, 2_000, gap);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        SessionWindowing.sessions(env, clicks, Duration.ofMillis(gap)).addSink(new CollectSink<>("sessions-" + seed));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        // Reference: per user, clicks in time order; a click more than a gap after the session's last one
        // (so its window does not even touch the session's) starts a new session.
        Map<String, List<Long>> byUser = new HashMap<>();
        clicks.forEach(c -> byUser.computeIfAbsent(c.f0, u -> new ArrayList<>()).add(c.f1));
        List<Tuple4<String, Long, Long, Integer>> expected = new ArrayList<>();
        byUser.forEach((user, times) -> {
            long start = times.get(0);
            long last = start;
            int n = 0;
            for (long t : times) {
                if (t > last + gap) {
                    expected.add(Tuple4.of(user, start, last + gap, n));
                    start = t;
                    n = 0;
                }
                last = t;
                n++;
            }
            expected.add(Tuple4.of(user, start, last + gap, n));
        });
        assertThat(expected.size()).as("the clicks make many sessions").isGreaterThan(50);
        assertThat(CollectSink.<Tuple4<String, Long, Long, Integer>>results("sessions-" + seed))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "max length {0}")
    @ValueSource(ints = {3, 5})
    void sideOutputsCountAcceptedWordsAndRejectedLengthsApart(int maxLength) throws Exception {
        List<String> lines = new ArrayList<>();
        java.util.Random random = new java.util.Random(maxLength);
        String[] vocabulary = {"a", "tide", "stream", "ebb", "flow", "record", "slot", "checkpoint", "key", "window"};
        for (int i = 0; i < 500; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                line.append(vocabulary[random.nextInt(vocabulary.length)].toUpperCase(Locale.ROOT)).append(w < 5 ? " " : ".");
            }
            lines.add(line.toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        SingleOutputStreamOperator<Tuple2<String, Integer>> words = SideOutputs.split(env.fromData(lines), maxLength);
        SideOutputs.counts(words).addSink(new CollectSink<>("counts-" + maxLength));
        SideOutputs.rejectedByLength(words).addSink(new CollectSink<>("rejected-" + maxLength));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        Map<String, Integer> counts = new HashMap<>();
        Map<Integer, Integer> rejected = new HashMap<>();
        for (String line : lines) {
            for (String w : line.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (w.length() > maxLength) {
                    rejected.merge(w.length(), 1, Integer::sum);
                } else {
                    counts.merge(w, 1, Integer::sum);
                }
            }
        }
        // Running counts: one output per word, the largest is the total.
        Map<String, Integer> finalCounts = new HashMap<>();
        List<Tuple2<String, Integer>> countOut = CollectSink.results("counts-" + maxLength);
        countOut.forEach(t -> finalCounts.merge(t.f0, t.f1, Math::max));
        assertThat(countOut).hasSize(counts.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(finalCounts).isEqualTo(counts);
        Map<Integer, Integer> finalRejected = new HashMap<>();
        List<Tuple2<Integer, Integer>> rejectedOut = CollectSink.results("rejected-" + maxLength);
        rejectedOut.forEach(t -> finalRejected.merge(t.f0, t.f1, Math::max));
        assertThat(rejectedOut).hasSize(rejected.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(finalRejected).isEqualTo(rejected);
    }
}
