package io.ebbflow.jm.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ebbflow.api.Parallelism;
import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.PipelineOptions;
import io.ebbflow.core.job.JobDescription;
import io.ebbflow.core.job.VertexDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a job description file (YAML or JSON): a job that only declares resources and holds slots,
 * which is what a JobMaster runs until jobs are built with the DataStream API.
 *
 * <pre>
 * name: Slot holder
 * vertices:
 *   - id: source
 *     parallelism: 2            # target; default parallelism.default (the -p flag)
 *     minParallelism: 1         # default 1
 *     maxParallelism: 128       # default pipeline.max-parallelism, else derived from the parallelism
 *     slotSharingGroup: default # default "default"
 * </pre>
 */
public final class JobDescriptionFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JobDescriptionFile() {
    }

    /** The file's shape; absent numbers take the defaults described above. */
    record FileJob(@JsonProperty("name") String name, @JsonProperty("vertices") List<FileVertex> vertices) {
    }

    record FileVertex(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("parallelism") Integer parallelism, @JsonProperty("minParallelism") Integer minParallelism,
            @JsonProperty("maxParallelism") Integer maxParallelism,
            @JsonProperty("slotSharingGroup") String slotSharingGroup) {
    }

    /**
     * @throws ConfigException naming the file and what is wrong with it
     */
    public static JobDescription load(Path file, Configuration config) {
        FileJob raw;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("job description '" + file + "' does not exist or is not a file");
            }
            raw = YAML.readValue(file.toFile(), FileJob.class);
        } catch (JacksonException e) {
            throw new ConfigException("job description '" + file + "' is invalid: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException("job description '" + file + "' cannot be read: " + e.getMessage());
        }
        try {
            return toDescription(raw, config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("job description '" + file + "': " + e.getMessage());
        }
    }

    static JobDescription toDescription(FileJob raw, Configuration config) {
        if (raw == null || raw.vertices() == null) {
            throw new IllegalArgumentException("it needs 'name' and a list of 'vertices'");
        }
        int defaultParallelism = config.get(PipelineOptions.DEFAULT_PARALLELISM);
        int defaultMax = config.get(PipelineOptions.MAX_PARALLELISM);
        List<VertexDescription> vertices = new ArrayList<>();
        for (FileVertex v : raw.vertices()) {
            if (v == null || v.id() == null) {
                throw new IllegalArgumentException("every vertex needs an 'id'");
            }
            int target = v.parallelism() != null ? v.parallelism() : defaultParallelism;
            int max = v.maxParallelism() != null ? v.maxParallelism()
                    : defaultMax > 0 ? defaultMax : Parallelism.defaultMaxParallelism(target);
            vertices.add(new VertexDescription(v.id(), v.name() != null ? v.name() : v.id(),
                    v.minParallelism() != null ? v.minParallelism() : 1, target, max,
                    v.slotSharingGroup() != null ? v.slotSharingGroup() : "default"));
        }
        return new JobDescription(raw.name() != null ? raw.name() : "job", vertices);
    }
}
