package io.ebbflow.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.api.DataStream;
import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.api.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class StreamGraphTranslatorTest {

    private static JobGraph translate(StreamExecutionEnvironment env) {
        return StreamGraphTranslator.translate(env.getStreamGraph("job"), 1, -1, 100, 200);
    }

    @Test
    void forwardEdgesOfEqualParallelismChainAndKeyByStartsANewVertex() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromSequence(0, 100).map(v -> v * 2).filter(v -> v > 3)
                .keyBy(v -> v % 10).reduce(Long::sum).addSink(new DiscardingSink<>());
        JobGraph g = translate(env);

        assertThat(g.vertices()).hasSize(2);
        JobVertex source = g.vertices().get(0);
        JobVertex keyed = g.vertices().get(1);
        assertThat(source.operators()).extracting(op -> op.spec().getClass().getSimpleName())
                .containsExactly("SourceOp", "Map", "Filter");
        assertThat(keyed.operators()).extracting(op -> op.spec().getClass().getSimpleName())
                .containsExactly("KeyedReduce", "Sink");
        assertThat(keyed.operators().get(0).keySelector()).isNotNull();
        assertThat(g.edges()).singleElement().satisfies(e -> {
            assertThat(e.partitioning()).isEqualTo(Partitioning.HASH);
            assertThat(e.keySelector()).isNotNull();
        });
        assertThat(source.name()).isEqualTo("Sequence Source -> Map -> Filter");
        assertThat(g.bufferTimeoutMillis()).isEqualTo(100);
    }

    @Test
    void boundsFollowTheSeeds() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        DataStream<Long> s = env.fromSequence(0, 10);
        s.map(v -> v).setParallelism(2).setMaxParallelism(64).disableChaining()
                .addSink(new DiscardingSink<>()).setParallelism(2);
        JobGraph g = translate(env);

        JobVertex source = g.vertices().get(0);
        assertThat(source.minParallelism()).isEqualTo(1);
        assertThat(source.targetParallelism()).isEqualTo(3);
        assertThat(source.maxParallelism()).isEqualTo(128);
        assertThat(source.upperBound()).isEqualTo(128);
        JobVertex map = g.vertices().get(1);
        assertThat(map.parallelismExplicit()).isTrue();
        assertThat(map.minParallelism()).isEqualTo(2);
        assertThat(map.targetParallelism()).isEqualTo(2);
        assertThat(map.upperBound()).isEqualTo(2);
        assertThat(map.maxParallelism()).as("key groups stay the max parallelism").isEqualTo(64);
        assertThat(g.vertices()).hasSize(3);
        assertThat(g.edges()).extracting(JobEdge::partitioning).containsExactly(Partitioning.FORWARD, Partitioning.FORWARD);
    }

    @Test
    void slotSharingGroupsAreInheritedAndSplitChains() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 10).map(v -> v).slotSharingGroup("heavy").map(v -> v).addSink(new DiscardingSink<>());
        JobGraph g = translate(env);
        assertThat(g.vertices()).extracting(JobVertex::slotSharingGroup).containsExactly("default", "heavy");
        assertThat(g.vertices().get(1).operators()).hasSize(3);
    }

    @Test
    void unionsAndFanOutsBecomeSeveralEdges() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Long> a = env.fromSequence(0, 10);
        DataStream<Long> b = env.fromSequence(20, 30);
        DataStream<Long> both = a.union(b).rebalance();
        both.map(v -> Tuple2.of(v, 1)).addSink(new DiscardingSink<>());
        a.addSink(new DiscardingSink<>());
        JobGraph g = translate(env);
        String mapVertex = g.vertices().stream().filter(v -> v.head().spec() instanceof OperatorSpec.Map).findFirst()
                .orElseThrow().id();
        assertThat(g.inputsOf(mapVertex)).hasSize(2).allSatisfy(e -> assertThat(e.partitioning()).isEqualTo(Partitioning.REBALANCE));
        // Source a feeds the union over the network and its own sink, chained to it.
        assertThat(g.outputsOf(g.vertices().get(0).id())).hasSize(1);
        assertThat(g.vertices().get(0).operators()).hasSize(2);
    }

    @Test
    void idsAreStableForTheSameProgramAndFollowUids() {
        JobGraph one = translate(program());
        JobGraph two = translate(program());
        assertThat(one.vertices()).extracting(JobVertex::id).isEqualTo(two.vertices().stream().map(JobVertex::id).toList());
        assertThat(one.vertices().get(1).id()).isEqualTo(StreamGraphTranslator.stableIdOfUid("summer"));
    }

    @Test
    void aCollectionSourceRunsAtParallelismOneAndAJobNeedsASink() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(4);
        env.fromElements(1, 2, 3).addSink(new DiscardingSink<>());
        assertThat(translate(env).vertices().get(0).targetParallelism()).isEqualTo(1);

        StreamExecutionEnvironment empty = StreamExecutionEnvironment.getExecutionEnvironment();
        empty.fromElements(1);
        assertThatThrownBy(() -> empty.getStreamGraph("x")).hasMessageContaining("no sink");
    }

    private static StreamExecutionEnvironment program() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, 10).keyBy(v -> v % 2).reduce(Long::sum).uid("summer").addSink(new DiscardingSink<>());
        return env;
    }

    @Test
    void aChainForksLikeFlinksOperatorsFeedingSeveralChainedOperatorsStayInOneVertex() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
        var mapped = env.fromSequence(0, 10).map(v -> v).name("M");
        mapped.addSink(new DiscardingSink<>()).name("S1");
        mapped.filter(v -> true).name("F").addSink(new DiscardingSink<>()).name("S2");
        mapped.keyBy(v -> v % 2).reduce(Long::sum).name("R").addSink(new DiscardingSink<>()).name("S3");
        JobGraph g = StreamGraphTranslator.translate(env.getStreamGraph("fork"), 1, -1, 100, 200);

        assertThat(g.vertices()).hasSize(2);
        JobVertex forked = g.vertices().get(0);
        assertThat(forked.name()).isEqualTo("Sequence Source -> M -> (S1, F -> S2)");
        assertThat(forked.operators()).extracting(ChainedOperator::name).containsExactly("Sequence Source", "M", "S1", "F", "S2");
        assertThat(forked.operators()).extracting(ChainedOperator::input).containsExactly(-1, 0, 1, 1, 3);
        assertThat(g.edges()).singleElement().satisfies(e -> {
            assertThat(e.partitioning()).isEqualTo(Partitioning.HASH);
            assertThat(e.sourceOperator()).as("the keyed edge leaves from M, in the middle of the chain").isEqualTo(1);
        });
        assertThat(g.vertices().get(1).name()).isEqualTo("R -> S3");
    }
}
