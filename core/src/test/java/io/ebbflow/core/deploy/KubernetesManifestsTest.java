package io.ebbflow.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ebbflow.core.config.ConfigLoader;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.ebbflow.core.config.options.ResourceProviderOptions;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.SecurityOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests in {@code deploy/kubernetes} (no Kubernetes cluster here): each one parses, and what the services
 * read from them holds. Every workload's configuration (the ConfigMap's {@code config.yaml} plus the container's
 * {@code -D} arguments, with the pod's fields filled in) loads with the services' own loader, so an unknown key, a
 * wrong type or a value out of range fails here as it would stop the pod; the ports the pods declare, the Services
 * expose and the NetworkPolicies open are the configured ones; the seed members are the ResourceManager pods'
 * stable names; selectors, the autoscaler's target, secrets and the job jar exist.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");
    private static final Set<String> SERVICES = Set.of("resource-manager", "web-ui", "job-master", "task-executor");
    private static final Pattern POD_FIELD = Pattern.compile("\\$\\(([A-Z_]+)\\)");
    /** Values a pod's fields have in a real pod, for the arguments that use them. */
    private static final Map<String, String> FIELD_SAMPLES = Map.of("status.podIP", "10.244.1.17",
            "metadata.name", "ebbflow-task-executor-7d9f-abcde");

    private static final List<JsonNode> docs = new ArrayList<>();

    @TempDir
    static Path temp;

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isEmpty()) {
                            docs.add(doc);
                        }
                    }
                }
            }
        }
        assertThat(docs).as("manifests in " + MANIFESTS).isNotEmpty();
    }

    @Test
    void everyObjectIsNamedAndLabelledAsEbbflows() {
        for (JsonNode doc : docs) {
            assertThat(doc.path("apiVersion").asText()).as(describe(doc)).isNotEmpty();
            assertThat(doc.path("metadata").path("name").asText()).as(describe(doc)).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(doc.path("metadata").path("labels").path("app.kubernetes.io/name").asText()).as(describe(doc))
                    .isEqualTo("ebbflow");
        }
        assertThat(kinds()).contains("ConfigMap", "StatefulSet", "Deployment", "Service", "HorizontalPodAutoscaler",
                "NetworkPolicy", "Secret", "ServiceAccount", "Role", "RoleBinding");
    }

    @Test
    void everyServiceLoadsItsConfigurationAndDeclaresTheConfiguredPorts() throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode workload : workloads()) {
            JsonNode pod = workload.path("spec").path("template");
            for (JsonNode container : pod.path("spec").path("containers")) {
                String where = describe(workload) + " container " + container.path("name").asText();
                List<String> args = args(container, where);
                String service = args.get(0);
                assertThat(SERVICES).as(where + ": bin/ebbflow's first argument is the service").contains(service);
                seen.merge(service, 1, Integer::sum);
                Configuration config = load(pod, container, args, where);
                assertThat(config.getOptional(SecurityOptions.CLUSTER_SECRET)).as(where + ": joins with the cluster secret")
                        .isPresent();
                Map<String, Integer> ports = containerPorts(container);
                assertThat(ports.get("cluster")).as(where + ": the cluster port").isEqualTo(config.get(ClusterOptions.PORT));
                assertThat(ports.get("metrics")).as(where + ": the metrics port")
                        .isEqualTo(Integer.parseInt(config.get(MetricOptions.PROMETHEUS_PORT).split("-")[0]));
                if (service.equals("web-ui")) {
                    assertThat(ports.get("rest")).as(where + ": the REST port").isEqualTo(config.get(RestOptions.PORT));
                }
                if (service.equals("task-executor")) {
                    assertThat(ports.get("data")).as(where + ": the data port").isEqualTo(config.get(TaskManagerOptions.DATA_PORT));
                }
                for (String member : config.get(ClusterOptions.MEMBERS)) {
                    assertSeedMember(member, config.get(ClusterOptions.PORT), where);
                }
            }
        }
        assertThat(seen.keySet()).as("every service runs somewhere").isEqualTo(SERVICES);
    }

    @Test
    void theJobRunsWithOneLeaderAndAStandbyAndItsJarIsInTheImage() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
        List<JsonNode> jobs = workloads().stream().filter(w -> component(w).equals("job-master")).toList();
        assertThat(jobs).isNotEmpty();
        for (JsonNode job : jobs) {
            assertThat(job.path("spec").path("replicas").asInt()).as(describe(job) + ": a leader and a standby").isEqualTo(2);
            List<String> args = args(job.path("spec").path("template").path("spec").path("containers").get(0), describe(job));
            String jar = args.get(args.indexOf("--job-jar") + 1);
            assertThat(jar).startsWith("/opt/ebbflow/");
            String inRepo = jar.substring("/opt/ebbflow/".length());
            assertThat(dockerfile).as("the Dockerfile copies " + inRepo).contains(inRepo.substring(inRepo.lastIndexOf('/') + 1));
            String mainClass = args.get(args.indexOf("-j") + 1);
            assertThat(ROOT.resolve("examples/src/main/java/" + mainClass.replace('.', '/') + ".java")).exists();
            assertThat(args).contains("--job-id");
        }
        JsonNode rm = workloads().stream().filter(w -> component(w).equals("resource-manager")).findFirst().orElseThrow();
        assertThat(rm.path("spec").path("replicas").asInt()).as("a ResourceManager and a standby").isEqualTo(2);
    }

    @Test
    void servicesPoliciesTheAutoscalerAndSecretsPointAtWhatExists() {
        for (JsonNode svc : ofKind("Service")) {
            JsonNode selector = svc.path("spec").path("selector");
            List<JsonNode> targets = workloads().stream().filter(w -> matches(selector, podLabels(w))).toList();
            assertThat(targets).as(describe(svc) + " selects a workload").isNotEmpty();
            for (JsonNode port : svc.path("spec").path("ports")) {
                String target = port.path("targetPort").isMissingNode() ? port.path("port").asText() : port.path("targetPort").asText();
                for (JsonNode w : targets) {
                    Map<String, Integer> ports = containerPorts(w.path("spec").path("template").path("spec").path("containers").get(0));
                    assertThat(ports.containsKey(target) || ports.containsValue(parseOr(target, -1)))
                            .as(describe(svc) + " port " + target + " is a port of " + describe(w)).isTrue();
                }
            }
        }
        for (JsonNode policy : ofKind("NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector").path("matchLabels");
            assertThat(workloads().stream().anyMatch(w -> matches(selector, podLabels(w))))
                    .as(describe(policy) + " selects pods").isTrue();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode port : rule.path("ports")) {
                    int p = port.path("port").asInt();
                    boolean declared = workloads().stream().filter(w -> matches(selector, podLabels(w)))
                            .flatMap(w -> containerPorts(w.path("spec").path("template").path("spec").path("containers").get(0))
                                    .values().stream()).anyMatch(v -> v == p);
                    assertThat(declared).as(describe(policy) + " opens port " + p + ", which its pods listen on").isTrue();
                }
            }
        }
        for (JsonNode hpa : ofKind("HorizontalPodAutoscaler")) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            assertThat(ofKind("Deployment").stream().map(d -> d.path("metadata").path("name").asText()))
                    .as(describe(hpa) + " scales an existing Deployment").contains(target);
            assertThat(component(ofKind("Deployment").stream()
                    .filter(d -> d.path("metadata").path("name").asText().equals(target)).findFirst().orElseThrow()))
                    .as("Reactive Mode: the autoscaler scales the TaskExecutors").isEqualTo("task-executor");
        }
        Set<String> secrets = Set.copyOf(ofKind("Secret").stream().map(s -> s.path("metadata").path("name").asText()).toList());
        for (JsonNode w : workloads()) {
            for (JsonNode c : w.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode from : c.path("envFrom")) {
                    assertThat(secrets).as(describe(w) + " uses a Secret that exists").contains(from.path("secretRef").path("name").asText());
                }
            }
        }
    }

    @Test
    void everyServiceHasMutualTlsFromStoresMountedReadOnlyFromASecret() throws IOException {
        for (JsonNode workload : workloads()) {
            JsonNode pod = workload.path("spec").path("template");
            for (JsonNode container : pod.path("spec").path("containers")) {
                String where = describe(workload) + " container " + container.path("name").asText();
                List<String> args = args(container, where);
                Configuration config = load(pod, container, args, where);
                assertThat(config.get(SecurityOptions.SSL_INTERNAL_ENABLED)).as(where + ": internal TLS").isTrue();
                for (var store : List.of(SecurityOptions.SSL_INTERNAL_KEYSTORE, SecurityOptions.SSL_INTERNAL_TRUSTSTORE)) {
                    assertMountedFromSecret(pod, container, config.get(store), where + " '" + store.key() + "'");
                }
                assertThat(config.getOptional(SecurityOptions.SSL_INTERNAL_KEYSTORE_PASSWORD)).as(where).isPresent();
                assertThat(config.getOptional(SecurityOptions.SSL_INTERNAL_TRUSTSTORE_PASSWORD)).as(where).isPresent();
                if (args.get(0).equals("web-ui")) {
                    assertThat(config.get(SecurityOptions.SSL_REST_ENABLED)).as(where + ": REST over TLS").isTrue();
                    assertMountedFromSecret(pod, container, config.get(SecurityOptions.SSL_REST_KEYSTORE),
                            where + " '" + SecurityOptions.SSL_REST_KEYSTORE.key() + "'");
                    assertThat(config.getOptional(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD)).as(where).isPresent();
                    assertThat(container.path("readinessProbe").path("httpGet").path("scheme").asText())
                            .as(where + ": the readiness probe speaks TLS").isEqualTo("HTTPS");
                }
                // TaskExecutor pods of the 'kubernetes' provider mount kubernetes.secrets: the stores must be there too.
                Map<String, String> providerMounts = new HashMap<>();
                for (String entry : config.get(ResourceProviderOptions.KUBERNETES_SECRETS)) {
                    String secret = entry.substring(0, entry.indexOf(':'));
                    assertThat(secretNames()).as(where + ": '" + ResourceProviderOptions.KUBERNETES_SECRETS.key()
                            + "' names Secret " + secret).contains(secret);
                    providerMounts.put(entry.substring(entry.indexOf(':') + 1), secret);
                }
                for (var store : List.of(SecurityOptions.SSL_INTERNAL_KEYSTORE, SecurityOptions.SSL_INTERNAL_TRUSTSTORE)) {
                    Path file = Path.of(config.get(store));
                    String secret = providerMounts.get(file.getParent().toString());
                    assertThat(secret).as(where + ": a provider's pod mounts '" + store.key() + "'").isNotNull();
                    assertThat(secretKeys(secret)).as(where + ": Secret " + secret).contains(file.getFileName().toString());
                }
            }
        }
    }

    @Test
    void onlyTheResourceManagerMayUseTheKubernetesApiAndOnlyForItsPods() {
        Set<String> accounts = Set.copyOf(ofKind("ServiceAccount").stream().map(a -> a.path("metadata").path("name").asText()).toList());
        for (JsonNode workload : workloads()) {
            JsonNode spec = workload.path("spec").path("template").path("spec");
            if (!component(workload).equals("resource-manager")) {
                assertThat(spec.path("automountServiceAccountToken").asBoolean(true))
                        .as(describe(workload) + " mounts no service-account token").isFalse();
                continue;
            }
            String account = spec.path("serviceAccountName").asText();
            assertThat(accounts).as(describe(workload) + " runs as a ServiceAccount that exists").contains(account);
            List<JsonNode> bindings = ofKind("RoleBinding").stream().filter(b -> b.path("subjects").findValues("name")
                    .stream().anyMatch(n -> n.asText().equals(account))).toList();
            assertThat(bindings).as("a RoleBinding of " + account).hasSize(1);
            JsonNode ref = bindings.get(0).path("roleRef");
            assertThat(ref.path("kind").asText()).isEqualTo("Role");
            JsonNode role = ofKind("Role").stream().filter(r -> r.path("metadata").path("name").asText()
                    .equals(ref.path("name").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("Role " + ref.path("name").asText() + " does not exist"));
            // What KubernetesResourceProvider calls: create a worker's pod, delete it, list and watch its cluster's
            // pods by label, plus get of one pod, all in its own namespace; nothing else.
            assertThat(role.path("rules")).hasSize(1);
            JsonNode rule = role.path("rules").get(0);
            assertThat(texts(rule.path("apiGroups"))).containsExactly("");
            assertThat(texts(rule.path("resources"))).containsExactly("pods");
            assertThat(texts(rule.path("verbs"))).containsExactlyInAnyOrder("create", "delete", "get", "list", "watch");
        }
        assertThat(ofKind("ClusterRole")).as("no rights beyond the namespace").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A store's file is a key of a Secret that exists, mounted read-only into the container at the file's folder. */
    private static void assertMountedFromSecret(JsonNode pod, JsonNode container, String file, String where) {
        Path path = Path.of(file);
        JsonNode mount = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path.getParent().toString())) {
                mount = m;
            }
        }
        assertThat(mount).as(where + ": something is mounted at " + path.getParent()).isNotNull();
        assertThat(mount.path("readOnly").asBoolean()).as(where + ": read-only").isTrue();
        String volumeName = mount.path("name").asText();
        JsonNode volume = null;
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                volume = v;
            }
        }
        assertThat(volume).as(where + ": volume " + volumeName).isNotNull();
        String secret = volume.path("secret").path("secretName").asText(null);
        assertThat(secret).as(where + ": volume " + volumeName + " is a Secret").isNotNull();
        assertThat(secretKeys(secret)).as(where + ": Secret " + secret + " has " + path.getFileName())
                .contains(path.getFileName().toString());
        assertThat(volume.path("secret").path("defaultMode").asInt()).as(where + ": not readable by others")
                .isEqualTo(0440);
        Matcher gid = Pattern.compile("--gid (\\d+)").matcher(readDockerfile());
        assertThat(gid.find()).as("the Dockerfile makes the ebbflow group").isTrue();
        assertThat(pod.path("spec").path("securityContext").path("fsGroup").asText())
                .as(where + ": the image's ebbflow group may read it").isEqualTo(gid.group(1));
    }

    private static String readDockerfile() {
        try {
            return Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> secretNames() {
        return Set.copyOf(ofKind("Secret").stream().map(s -> s.path("metadata").path("name").asText()).toList());
    }

    private static Set<String> secretKeys(String name) {
        JsonNode secret = ofKind("Secret").stream().filter(s -> s.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("Secret " + name + " does not exist"));
        Set<String> keys = new java.util.HashSet<>();
        secret.path("data").fieldNames().forEachRemaining(keys::add);
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }


    /** The container's configuration as the service loads it: the mounted config.yaml, then its -D arguments. */
    private Configuration load(JsonNode pod, JsonNode container, List<String> args, String where) throws IOException {
        assertThat(args).as(where).contains("--config");
        String configPath = args.get(args.indexOf("--config") + 1);
        Path file = mountedConfigMapFile(pod, container, configPath, where);
        Map<String, String> env = podFields(container, where);
        Map<String, String> dynamic = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("-D")) {
                String kv = substitute(arg.substring(2), env, where);
                int eq = kv.indexOf('=');
                assertThat(eq).as(where + ": " + arg + " is -Dkey=value").isPositive();
                dynamic.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        try {
            return ConfigLoader.forAllOptions().load(file, dynamic);
        } catch (RuntimeException e) {
            return fail(where + ": the service would not start: " + e.getMessage());
        }
    }

    private Path mountedConfigMapFile(JsonNode pod, JsonNode container, String path, String where) throws IOException {
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (path.startsWith(dir + "/")) {
                String volumeName = mount.path("name").asText();
                for (JsonNode volume : pod.path("spec").path("volumes")) {
                    if (volume.path("name").asText().equals(volumeName)) {
                        String map = volume.path("configMap").path("name").asText();
                        JsonNode configMap = ofKind("ConfigMap").stream()
                                .filter(m -> m.path("metadata").path("name").asText().equals(map)).findFirst()
                                .orElseThrow(() -> new AssertionError(where + ": ConfigMap " + map + " does not exist"));
                        String key = path.substring(dir.length() + 1);
                        assertThat(configMap.path("data").has(key)).as(where + ": ConfigMap " + map + " has " + key).isTrue();
                        Path file = temp.resolve(map + "-" + key);
                        Files.writeString(file, configMap.path("data").path(key).asText());
                        return file;
                    }
                }
            }
        }
        return fail(where + ": nothing is mounted at " + path);
    }

    /** The container's env as Kubernetes fills it: pod fields (sample values) and keys of Secrets that exist. */
    private static Map<String, String> podFields(JsonNode container, String where) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText(null);
            JsonNode secretRef = e.path("valueFrom").path("secretKeyRef");
            String value = field != null ? FIELD_SAMPLES.get(field)
                    : !secretRef.isMissingNode() ? secretValue(secretRef.path("name").asText(), secretRef.path("key").asText(), where)
                    : e.path("value").asText(null);
            assertThat(value).as(where + ": env " + e.path("name").asText()).isNotNull();
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    private static String secretValue(String name, String key, String where) {
        JsonNode secret = ofKind("Secret").stream().filter(s -> s.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": Secret " + name + " does not exist"));
        String value = secret.path("stringData").path(key).asText(null);
        assertThat(value).as(where + ": Secret " + name + " has key " + key).isNotNull();
        return value;
    }

    /** Kubernetes expands {@code $(NAME)} in arguments from the container's env; an undefined one stays literal. */
    private static String substitute(String arg, Map<String, String> env, String where) {
        Matcher m = POD_FIELD.matcher(arg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            assertThat(value).as(where + ": $(" + m.group(1) + ") is defined in the container's env").isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A seed member is a ResourceManager pod's stable name, {@code <statefulset>-<i>.<headless service>:<port>}. */
    private void assertSeedMember(String member, int clusterPort, String where) {
        Matcher m = Pattern.compile("([a-z0-9-]+)-(\\d+)\\.([a-z0-9-]+):(\\d+)").matcher(member);
        assertThat(m.matches()).as(where + ": seed member " + member + " is <statefulset>-<i>.<service>:<port>").isTrue();
        JsonNode set = ofKind("StatefulSet").stream().filter(s -> s.path("metadata").path("name").asText().equals(m.group(1)))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": no StatefulSet " + m.group(1)));
        assertThat(Integer.parseInt(m.group(2))).as(member + " is one of its pods").isLessThan(set.path("spec").path("replicas").asInt());
        assertThat(set.path("spec").path("serviceName").asText()).isEqualTo(m.group(3));
        JsonNode headless = ofKind("Service").stream().filter(s -> s.path("metadata").path("name").asText().equals(m.group(3)))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": no Service " + m.group(3)));
        assertThat(headless.path("spec").path("clusterIP").asText()).as(m.group(3) + " is headless").isEqualTo("None");
        assertThat(Integer.parseInt(m.group(4))).isEqualTo(clusterPort);
    }

    private static List<String> args(JsonNode container, String where) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as(where + ": args").isNotEmpty();
        return args;
    }

    private static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    private static String component(JsonNode workload) {
        return workload.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
    }

    private static int parseOr(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static List<JsonNode> workloads() {
        return docs.stream().filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText())).toList();
    }

    private static List<JsonNode> ofKind(String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> kinds() {
        return Set.copyOf(docs.stream().map(d -> d.path("kind").asText()).toList());
    }

    private static String describe(JsonNode doc) {
        return doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
    }
}
