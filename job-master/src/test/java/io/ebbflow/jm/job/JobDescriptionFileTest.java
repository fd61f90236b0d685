package io.ebbflow.jm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.PipelineOptions;
import io.ebbflow.core.job.JobDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDescriptionFileTest {

    @TempDir
    Path dir;

    @Test
    void theExampleDescriptionLoadsWithDefaults() {
        JobDescription job = JobDescriptionFile.load(Path.of("..", "examples", "src", "main", "resources", "jobs",
                "slot-holder.yaml"), Configuration.defaults());
        assertThat(job.name()).isEqualTo("Slot holder");
        assertThat(job.vertices()).hasSize(3);
        assertThat(job.slotRequirements().minSlots()).isEqualTo(2);
        assertThat(job.slotRequirements().desiredSlots()).isEqualTo(3);
        assertThat(job.vertices().get(0).maxParallelism()).isEqualTo(128);
    }

    @Test
    void unsetParallelismTakesTheJobDefault() throws IOException {
        Path f = write("name: j\nvertices:\n  - id: a\n");
        JobDescription job = JobDescriptionFile.load(f, Configuration.defaults().with(PipelineOptions.DEFAULT_PARALLELISM, 4));
        assertThat(job.vertices().get(0).targetParallelism()).isEqualTo(4);
    }

    @Test
    void problemsNameTheFileAndTheField() throws IOException {
        Path bad = write("name: j\nvertices:\n  - id: a\n    paralelism: 2\n");
        assertThatThrownBy(() -> JobDescriptionFile.load(bad, Configuration.defaults()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("paralelism");
        Path invalid = write("name: j\nvertices:\n  - id: a\n    parallelism: 2\n    minParallelism: 3\n");
        assertThatThrownBy(() -> JobDescriptionFile.load(invalid, Configuration.defaults()))
                .hasMessageContaining("target parallelism 2 is below min parallelism 3");
        assertThatThrownBy(() -> JobDescriptionFile.load(dir.resolve("nope.yaml"), Configuration.defaults()))
                .hasMessageContaining("does not exist");
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "job", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
