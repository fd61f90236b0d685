package io.ebbflow.bench.flink.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.runtime.jobgraph.JobResourceRequirements;
import org.apache.flink.runtime.rest.messages.job.JobResourceRequirementsBody;
import org.apache.flink.runtime.rest.util.RestMapperUtils;
import org.junit.jupiter.api.Test;

class ResourceRequirementsRealizerTest {

    private static final String SOURCE = "bc764cd8ddf7a0cff126f51c16239658";
    private static final String SLOW = "0a448493b4782967b150582570326227";

    @Test
    void anOverrideRaisesOnlyItsVertexAndTheOthersKeepTheirs() {
        assertThat(ResourceRequirementsRealizer.merge(Map.of(SOURCE, 1, SLOW, 2), Map.of(SLOW, "4")))
                .contains(Map.of(SOURCE, 1, SLOW, 4));
    }

    @Test
    void overridesThatChangeNothingSendNothing() {
        assertThat(ResourceRequirementsRealizer.merge(Map.of(SOURCE, 1, SLOW, 3), Map.of(SLOW, "3", SOURCE, "1"))).isEmpty();
        assertThat(ResourceRequirementsRealizer.merge(Map.of(SOURCE, 1), Map.of())).isEmpty();
    }

    @Test
    void badOverridesAreNamed() {
        assertThatThrownBy(() -> ResourceRequirementsRealizer.merge(Map.of(SOURCE, 1), Map.of(SLOW, "2")))
                .hasMessageContaining("vertex " + SLOW + ", which the job does not have");
        assertThatThrownBy(() -> ResourceRequirementsRealizer.merge(Map.of(SLOW, 1), Map.of(SLOW, "two")))
                .hasMessageContaining("not a number: 'two'");
        assertThatThrownBy(() -> ResourceRequirementsRealizer.merge(Map.of(SLOW, 1), Map.of(SLOW, "0")))
                .hasMessageContaining("below 1: 0");
    }

    @Test
    void theBodyIsWhatFlinksOwnRestTypesRead() throws Exception {
        String body = ResourceRequirementsRealizer.body(Map.of(SOURCE, 1, SLOW, 4));
        JobResourceRequirements read = RestMapperUtils.getStrictObjectMapper().readValue(body, JobResourceRequirementsBody.class)
                .asJobResourceRequirements().orElseThrow();
        assertThat(read.getJobVertexParallelisms()).hasSize(2);
        read.getJobVertexParallelisms().forEach((id, req) -> {
            assertThat(req.getParallelism().getLowerBound()).isEqualTo(1);
            assertThat(req.getParallelism().getUpperBound()).isEqualTo(id.toHexString().equals(SLOW) ? 4 : 1);
        });
    }

    @Test
    void theDriversArgumentsAreParsedAndBadOnesNamed() {
        FlinkAutoscalerDriver.DriverArguments a = FlinkAutoscalerDriver.DriverArguments.parse(new String[] {"--rest",
            "http://127.0.0.1:8081", "--job", SLOW, "--interval", "2s", "-Djob.autoscaler.target.utilization=0.7"});
        assertThat(a.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.options()).containsEntry("job.autoscaler.target.utilization", "0.7");
        assertThat(a.tokenFile()).isNull();
        assertThatThrownBy(() -> FlinkAutoscalerDriver.DriverArguments.parse(new String[] {"--job", SLOW}))
                .hasMessageContaining("--rest and --job are required");
        assertThatThrownBy(() -> FlinkAutoscalerDriver.DriverArguments.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("unknown argument '--bogus'");
    }
}
