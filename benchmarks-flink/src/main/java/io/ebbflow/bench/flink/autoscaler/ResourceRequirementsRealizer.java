package io.ebbflow.bench.flink.autoscaler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.autoscaler.JobAutoScalerContext;
import org.apache.flink.autoscaler.realizer.ScalingRealizer;
import org.apache.flink.autoscaler.tuning.ConfigChanges;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.JobVertexResourceRequirements;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.job.JobResourceRequirementsHeaders;

/**
 * Applies the parallelism overrides Flink's autoscaler decided on through the cluster's
 * {@code PUT /jobs/:id/resource-requirements}, as an operator would by hand: the current requirements are read
 * with Flink's REST client, the overridden vertices get their new parallelism as upper bound (lower bound 1), the
 * others keep theirs, and nothing is sent when nothing changes (the autoscaler hands over its overrides on every
 * cycle). The PUT carries the cluster's REST token when it has one. Memory tuning ({@link ConfigChanges}) has no
 * equivalent here and is ignored.
 */
final class ResourceRequirementsRealizer implements ScalingRealizer<String, JobAutoScalerContext<String>> {

    private static final long TIMEOUT_SECONDS = 10;

    private final URI restBase;
    private final Path tokenFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int applied;

    /**
     * @param restBase e.g. {@code http://127.0.0.1:8081}
     * @param tokenFile the cluster's REST token file, or null if mutations need none
     */
    ResourceRequirementsRealizer(URI restBase, Path tokenFile) {
        this.restBase = restBase;
        this.tokenFile = tokenFile;
    }

    /** How many changed requirements were sent. */
    int applied() {
        return applied;
    }

    @Override
    public void realizeParallelismOverrides(JobAutoScalerContext<String> context, Map<String, String> overrides)
            throws Exception {
        Map<String, Integer> current = currentUpperBounds(context);
        Optional<Map<String, Integer>> next = merge(current, overrides);
        if (next.isEmpty()) {
            return;
        }
        HttpRequest.Builder put = HttpRequest.newBuilder(restBase.resolve("/jobs/" + context.getJobID() + "/resource-requirements"))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body(next.get())));
        if (tokenFile != null && Files.isReadable(tokenFile)) {
            put.header("Authorization", "Bearer " + Files.readString(tokenFile).trim());
        }
        HttpResponse<String> r = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("PUT resource-requirements answered " + r.statusCode() + ": " + r.body());
        }
        applied++;
        System.out.println("REALIZED " + current + " -> " + next.get());
    }

    @Override
    public void realizeConfigOverrides(JobAutoScalerContext<String> context, ConfigChanges changes) {
        // no memory tuning through the rescale API
    }

    private static Map<String, Integer> currentUpperBounds(JobAutoScalerContext<String> context) throws Exception {
        JobMessageParameters job = new JobMessageParameters();
        job.jobPathParameter.resolve(context.getJobID());
        Map<String, Integer> current = new TreeMap<>();
        try (RestClusterClient<String> client = context.getRestClusterClient()) {
            Map<JobVertexID, JobVertexResourceRequirements> byVertex = client.sendRequest(new JobResourceRequirementsHeaders(),
                    job, EmptyRequestBody.getInstance()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).asJobResourceRequirements()
                    .orElseThrow(() -> new IOException("the job has no resource requirements")).getJobVertexParallelisms();
            byVertex.forEach((id, req) -> current.put(id.toHexString(), req.getParallelism().getUpperBound()));
        }
        return current;
    }

    /**
     * The upper bounds after the overrides (vertex id to parallelism), or empty if they change nothing. An override of
     * a vertex the job does not have, or one that is not a positive number, is an error.
     */
    static Optional<Map<String, Integer>> merge(Map<String, Integer> current, Map<String, String> overrides) {
        Map<String, Integer> next = new TreeMap<>(current);
        overrides.forEach((vertex, value) -> {
            if (!current.containsKey(vertex)) {
                throw new IllegalArgumentException("override for vertex " + vertex + ", which the job does not have "
                        + current.keySet());
            }
            int p;
            try {
                p = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("override for vertex " + vertex + " is not a number: '" + value + "'");
            }
            if (p < 1) {
                throw new IllegalArgumentException("override for vertex " + vertex + " is below 1: " + p);
            }
            next.put(vertex, p);
        });
        return next.equals(current) ? Optional.empty() : Optional.of(next);
    }

    /** Flink's body of {@code PUT /jobs/:id/resource-requirements}: per vertex, the parallelism's bounds. */
    static String body(Map<String, Integer> upperBounds) {
        StringBuilder sb = new StringBuilder("{");
        upperBounds.forEach((vertex, p) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(vertex)
                .append("\":{\"parallelism\":{\"lowerBound\":1,\"upperBound\":").append(p).append("}}"));
        return sb.append('}').toString();
    }
}
