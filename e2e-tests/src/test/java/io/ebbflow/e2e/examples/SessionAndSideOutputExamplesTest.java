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
import java.util.List;
import java.util.Locale;
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
        SessionWindowing.sessions(SessionWindowing.clicks(env, seed, 4, clicks.size(), 0, gap), Duration.ofMillis(gap))
                .addSink(new CollectSink<>("sessions-" + seed));
        try (LocalJobRunner runner = new LocalJobRunner(2)) {
            runner.run(env, Duration.ofMinutes(2));
        }
        List<Tuple4<String, Long, Long, Integer>> expected = PortedExamplesReference.sessions(clicks, gap);
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
        PortedExamplesReference.WordCounts expected = PortedExamplesReference.sideOutputCounts(lines, maxLength);
        // Running counts: one output per word, the largest is the total.
        PortedExamplesReference.WordCounts actual = new PortedExamplesReference.WordCounts(
                CollectSink.results("counts-" + maxLength), CollectSink.results("rejected-" + maxLength));
        assertThat(actual.counts()).hasSameSizeAs(expected.counts());
        assertThat(actual.finalCounts()).isEqualTo(expected.finalCounts());
        assertThat(actual.rejectedByLength()).hasSameSizeAs(expected.rejectedByLength());
        assertThat(actual.finalRejected()).isEqualTo(expected.finalRejected());
    }
}
