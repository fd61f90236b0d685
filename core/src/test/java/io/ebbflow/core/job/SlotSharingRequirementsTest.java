package io.ebbflow.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotSharingRequirementsTest {

    @Test
    void groupsFoldToTheirMostDemandingVertexAndTheJobSumsItsGroups() {
        JobDescription job = new JobDescription("j", List.of(
                new VertexDescription("source", "Source", 1, 2, 128, "default"),
                new VertexDescription("map", "Map", 3, 4, 128, "default"),
                new VertexDescription("sink", "Sink", 1, 1, 128, "sinks")));
        SlotSharingRequirements r = job.slotRequirements();
        assertThat(r.groups()).containsOnlyKeys("default", "sinks");
        assertThat(r.groups().get("default")).isEqualTo(new SlotSharingRequirements.Group(3, 4, 1));
        assertThat(r.minSlots()).isEqualTo(4);
        assertThat(r.desiredSlots()).isEqualTo(5);
    }

    @Test
    void invalidDescriptionsNameTheProblem() {
        assertThatThrownBy(() -> new VertexDescription("v", "V", 2, 1, 128, "default"))
                .hasMessageContaining("vertex 'v': target parallelism 1 is below min parallelism 2");
        assertThatThrownBy(() -> new JobDescription("j", List.of()))
                .hasMessageContaining("at least one vertex");
        VertexDescription v = new VertexDescription("v", "V", 1, 1, 128, "default");
        assertThatThrownBy(() -> new JobDescription("j", List.of(v, v))).hasMessageContaining("used twice");
    }
}
