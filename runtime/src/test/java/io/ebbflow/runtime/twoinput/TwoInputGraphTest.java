package io.ebbflow.runtime.twoinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.SequenceSource;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.api.functions.BroadcastProcessFunction;
import io.ebbflow.api.functions.CoMapFunction;
import io.ebbflow.api.functions.Collector;
import io.ebbflow.api.functions.KeyedCoProcessFunction;
import io.ebbflow.api.graph.GraphBuilder;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.StreamGraph;
import io.ebbflow.api.graph.Transformation;
import io.ebbflow.api.state.MapStateDescriptor;
import io.ebbflow.api.windowing.GlobalWindows;
import io.ebbflow.runtime.graph.JobGraph;
import io.ebbflow.runtime.graph.JobVertex;
import io.ebbflow.runtime.graph.StreamGraphTranslator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How two-input operators are translated, and the dataflows with them that are refused at submission. */
class TwoInputGraphTest {

    static final class Identity implements CoMapFunction<Long, Long, Long> {
        @Override
        public Long map1(Long value) {
            return value;
        }

        @Override
        public Long map2(Long value) {
            return value;
        }
    }

    private static JobGraph translate(StreamGraph graph) {
        return StreamGraphTranslator.translate(graph, 2, -1, 100, 200);
    }

    @Test
    void eachInputIsTaggedInItsOwnChainAndTheOperatorIsAVertexWithTwoInputs() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(1, 10).connect(env.fromSequence(1, 10).setParallelism(1)).map(new Identity())
                .addSink(new DiscardingSink<>());
        JobGraph graph = translate(env.getStreamGraph("connect"));
        assertThat(graph.vertices()).hasSize(3);
        JobVertex co = graph.vertices().get(2);
        assertThat(co.name()).startsWith("Co-Map");
        assertThat(graph.inputsOf(co.id())).hasSize(2);
        // The tagging map runs in each source's chain (also at the second source's parallelism 1): no extra hop.
        assertThat(graph.vertices().get(0).operators()).hasSize(2);
        assertThat(graph.vertices().get(1).operators()).hasSize(2);
        assertThat(graph.vertices().get(1).targetParallelism()).isEqualTo(1);
    }

    @Test
    void aTwoInputOperatorWithOneInputIsRefusedNamingIt() {
        GraphBuilder b = new GraphBuilder();
        Transformation source = b.add(Transformation.Kind.SOURCE, "numbers", List.of(),
                new OperatorSpec.SourceOp(new SequenceSource(1, 10), WatermarkStrategy.noWatermarks()), null, null);
        b.add(Transformation.Kind.OPERATOR, "lonely co-map", List.of(source), new OperatorSpec.CoProcess(new Identity()), null, null);
        StreamGraph graph = new StreamGraph("bad", b.nodes(), -1, -1, -1, -1, -1);
        assertThatThrownBy(() -> translate(graph)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lonely co-map'").hasMessageContaining("exactly two");
    }

    @Test
    void aKeyedCoProcessWithoutKeysIsRefusedNamingIt() {
        GraphBuilder b = new GraphBuilder();
        Transformation one = b.add(Transformation.Kind.SOURCE, "one", List.of(),
                new OperatorSpec.SourceOp(new SequenceSource(1, 10), WatermarkStrategy.noWatermarks()), null, null);
        Transformation two = b.add(Transformation.Kind.SOURCE, "two", List.of(),
                new OperatorSpec.SourceOp(new SequenceSource(1, 10), WatermarkStrategy.noWatermarks()), null, null);
        b.add(Transformation.Kind.OPERATOR, "unkeyed", List.of(one, two),
                new OperatorSpec.KeyedCoProcess(new KeyedCoProcessFunction<Long, Long, Long, Long>() {
                    @Override
                    public void processElement1(Long value, Context ctx, Collector<Long> out) {
                    }

                    @Override
                    public void processElement2(Long value, Context ctx, Collector<Long> out) {
                    }
                }), null, null);
        StreamGraph graph = new StreamGraph("bad", b.nodes(), -1, -1, -1, -1, -1);
        assertThatThrownBy(() -> translate(graph)).hasMessageContaining("'unkeyed'").hasMessageContaining("keyed inputs");
    }

    @Test
    void aBroadcastOperatorWhoseSecondInputIsNotBroadcastIsRefused() {
        GraphBuilder b = new GraphBuilder();
        Transformation one = b.add(Transformation.Kind.SOURCE, "one", List.of(),
                new OperatorSpec.SourceOp(new SequenceSource(1, 10), WatermarkStrategy.noWatermarks()), null, null);
        Transformation two = b.add(Transformation.Kind.SOURCE, "rules", List.of(),
                new OperatorSpec.SourceOp(new SequenceSource(1, 10), WatermarkStrategy.noWatermarks()), null, null);
        b.add(Transformation.Kind.OPERATOR, "rules applied", List.of(one, two),
                new OperatorSpec.BroadcastProcess(new BroadcastProcessFunction<Long, Long, Long>() {
                    @Override
                    public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
                    }

                    @Override
                    public void processBroadcastElement(Long value, Context ctx, Collector<Long> out) {
                    }
                }, List.of(new MapStateDescriptor<>("rules", Long.class, Long.class))), null, null);
        StreamGraph graph = new StreamGraph("bad", b.nodes(), -1, -1, -1, -1, -1);
        assertThatThrownBy(() -> translate(graph)).hasMessageContaining("'rules applied'").hasMessageContaining("by broadcast");
    }

    @Test
    void aJoinWhoseWindowNeverFiresIsRefusedWhenBuilt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var joined = env.fromSequence(1, 10).join(env.fromSequence(1, 10)).where(v -> v).equalTo(v -> v)
                .window(GlobalWindows.create());
        assertThatThrownBy(() -> joined.apply((a, b) -> a + b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Window Join").hasMessageContaining("never emit");
    }
}
