package io.tiercache.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiercache.config.ConfigException;
import io.tiercache.config.ConfigLoader;
import io.tiercache.config.StatusDetail;
import io.tiercache.config.Discovery;
import io.tiercache.config.HeapRequirement;
import io.tiercache.config.TierCacheConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What can be checked about deploy/ without Docker or a Kubernetes cluster: the files parse, refer
 * to each other consistently, and say what operating the fleet relies on (probes on the admin port,
 * resource limits, a shutdown that fits the grace period, health checks on /ready).
 */
class DeploymentFilesTest {

    /** Surefire runs in the module directory, one level below the repository root. */
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEPLOY = REPO.resolve("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Path DOCKER = DEPLOY.resolve("docker");
    private static final ObjectMapper TREES = new ObjectMapper();

    /** The admin port the image pins with --admin-listen, and the other ports it exposes. */
    private static final int ADMIN_PORT = 9090;
    private static final int PROXY_PORT = 8080;
    private static final int HAZELCAST_PORT = 5701;
    /** What an operator puts in the Secret (or the environment); the files themselves hold none. */
    private static final String CLUSTER_SECRET = "0123456789abcdef0123456789abcdef";
    private static final long MIB = 1024 * 1024;

    static Stream<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> found = files
                    .filter(file -> !file.startsWith(DEPLOY.resolve("local").resolve("run")))
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
            assertThat(found).as("YAML files under deploy/").isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void everyYamlFileUnderDeployParses(Path file) {
        assertThat(documents(file)).isNotEmpty().allSatisfy(document -> assertThat(document.isObject()).isTrue());
    }

    @Nested
    class Kubernetes {

        private final JsonNode kustomization = single(KUBERNETES.resolve("kustomization.yaml"));
        private final List<JsonNode> manifests = manifests();
        private final JsonNode statefulSet = kind("StatefulSet");
        private final JsonNode pod = statefulSet.at("/spec/template/spec");
        private final JsonNode container = pod.at("/containers/0");

        @Test
        void everyManifestHasApiVersionKindAndName() {
            assertThat(manifests).hasSizeGreaterThanOrEqualTo(5).allSatisfy(manifest -> {
                assertThat(manifest.path("apiVersion").asText()).isNotBlank();
                assertThat(manifest.path("kind").asText()).isNotBlank();
                assertThat(manifest.at("/metadata/name").asText()).isNotBlank();
            });
        }

        @Test
        void everyFileInTheFolderIsUsedByTheKustomization() throws IOException {
            List<String> used = new ArrayList<>(texts(kustomization.path("resources")));
            kustomization.path("configMapGenerator").forEach(generator -> used.addAll(texts(generator.path("files"))));
            used.add("kustomization.yaml");
            try (Stream<Path> files = Files.list(KUBERNETES)) {
                assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(used);
            }
        }

        @Test
        void readinessAsksForReadyAndLivenessForHealthOnTheAdminPort() {
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
            assertThat(containerPort(container.at("/readinessProbe/httpGet/port"))).isEqualTo(ADMIN_PORT);
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
            assertThat(containerPort(container.at("/livenessProbe/httpGet/port"))).isEqualTo(ADMIN_PORT);
        }

        @Test
        void requestsAndLimitsAreSetAndTheHeapFollowsTheLimit() {
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container.at("/resources/" + bound + "/" + resource).asText())
                            .as("resources.%s.%s", bound, resource).isNotBlank();
                }
            }
            assertThat(env("JDK_JAVA_OPTIONS").path("value").asText()).contains("-XX:MaxRAMPercentage=");
        }

        @Test
        void theHeapHoldsTheConfiguredBudgetAndANodeOutOfMemoryExits() {
            String options = env("JDK_JAVA_OPTIONS").path("value").asText();
            long limit = memoryBytes(container.at("/resources/limits/memory").asText());
            TierCacheConfig config = ConfigLoader.load(KUBERNETES.resolve("tiercache.yaml"), List.of(),
                    Map.of(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET));

            assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(HeapRequirement.problem(config.cache(), heapFor(options, limit))).isEmpty();
        }

        @Test
        void preStopPauseAndMemberLeaveFitTheGracePeriod() {
            int grace = pod.path("terminationGracePeriodSeconds").asInt();
            JsonNode preStop = container.at("/lifecycle/preStop/exec/command");
            assertThat(texts(preStop)).hasSize(2).first().isEqualTo("sleep");
            int pause = Integer.parseInt(preStop.get(1).asText());
            Matcher leave = Pattern.compile("-Dhazelcast\\.graceful\\.shutdown\\.max\\.wait=(\\d+)")
                    .matcher(env("JDK_JAVA_OPTIONS").path("value").asText());

            assertThat(grace).isEqualTo(40);
            assertThat(pause).isBetween(1, 10);
            assertThat(leave.find()).as("a cap on Hazelcast's graceful shutdown").isTrue();
            assertThat(pause + Integer.parseInt(leave.group(1))).isLessThan(grace);
        }

        @Test
        void thePurgeTokenComesFromASecret() {
            assertThat(env("TIERCACHE_PURGE_TOKEN").at("/valueFrom/secretKeyRef/name").asText()).isNotBlank();
            assertThat(env("TIERCACHE_PURGE_TOKEN").at("/valueFrom/secretKeyRef/key").asText()).isNotBlank();
        }

        @Test
        void theClusterSecretComesFromASecret() {
            assertThat(env("TIERCACHE_CLUSTER_SECRET").at("/valueFrom/secretKeyRef/name").asText()).isNotBlank();
            assertThat(env("TIERCACHE_CLUSTER_SECRET").at("/valueFrom/secretKeyRef/key").asText()).isNotBlank();
        }

        @Test
        void theNetworkPolicyGuardsEveryPortOfThePods() {
            JsonNode policy = kind("NetworkPolicy");

            assertSelectsThePods(policy.at("/spec/podSelector/matchLabels"));
            assertThat(texts(policy.at("/spec/policyTypes"))).contains("Ingress");
            assertThat(policy.at("/spec/ingress")).isNotEmpty().allSatisfy(rule -> {
                assertThat(rule.path("from")).as("a rule without sources admits everyone").isNotEmpty();
                assertThat(rule.path("ports")).as("a rule without ports opens all of them").isNotEmpty();
                assertThat(rule.path("from")).allSatisfy(peer ->
                        assertThat(peer.has("ipBlock")).as("no address ranges").isFalse());
            });
            assertThat(ingressPorts(policy)).containsExactlyInAnyOrder(HAZELCAST_PORT, PROXY_PORT, ADMIN_PORT);
        }

        @Test
        void onlyTiercachePodsReachTheHazelcastPort() {
            JsonNode peer = onlyPeerAllowedTo(HAZELCAST_PORT);

            assertThat(peer.has("namespaceSelector")).as("pods of this namespace only").isFalse();
            assertSelectsThePods(peer.at("/podSelector/matchLabels"));
        }

        @Test
        void onlyTheIngressControllerReachesTheProxyPort() {
            JsonNode peer = onlyPeerAllowedTo(PROXY_PORT);

            assertThat(peer.at("/namespaceSelector/matchLabels").size()).as("the controller's namespace").isPositive();
            assertThat(peer.at("/podSelector/matchLabels").size()).as("the controller's pods").isPositive();
            assertThat(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isNotEqualTo("tiercache");
        }

        @Test
        void theAdminPortIsReachableFromThisNamespaceOnly() {
            JsonNode peer = onlyPeerAllowedTo(ADMIN_PORT);

            assertThat(peer.has("namespaceSelector")).isFalse();
            assertThat(peer.path("podSelector").isObject()).isTrue();
        }

        @Test
        void theReadTokenComesFromTheSecretWhenItHasOne() {
            assertThat(env("TIERCACHE_READ_TOKEN").at("/valueFrom/secretKeyRef/name").asText())
                    .isEqualTo(env("TIERCACHE_PURGE_TOKEN").at("/valueFrom/secretKeyRef/name").asText());
            assertThat(env("TIERCACHE_READ_TOKEN").at("/valueFrom/secretKeyRef/optional").asBoolean()).isTrue();
        }

        @Test
        void clientsSeeMinimalCacheStatus() {
            String file = kustomization.at("/configMapGenerator/0/files/0").asText();

            assertThat(ConfigLoader.load(KUBERNETES.resolve(file), List.of(),
                    Map.of(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET)).cache().statusDetail())
                    .isEqualTo(StatusDetail.MINIMAL);
        }

        @Test
        void theHeadlessServiceListsPodsBeforeTheyAreReady() {
            JsonNode headless = service(statefulSet.at("/spec/serviceName").asText());

            assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
            assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
            assertThat(headless.at("/spec/ports/0/port").asInt()).isEqualTo(HAZELCAST_PORT);
            assertThat(containerPort(headless.at("/spec/ports/0/targetPort"))).isEqualTo(HAZELCAST_PORT);
            assertSelectsThePods(headless.at("/spec/selector"));
        }

        @Test
        void theTrafficServiceReachesTheProxyPort() {
            JsonNode traffic = manifests.stream()
                    .filter(manifest -> manifest.path("kind").asText().equals("Service"))
                    .filter(service -> !service.at("/spec/clusterIP").asText().equals("None"))
                    .findFirst().orElseThrow();

            assertThat(traffic.at("/spec/ports/0/port").asInt()).isEqualTo(PROXY_PORT);
            assertThat(containerPort(traffic.at("/spec/ports/0/targetPort"))).isEqualTo(PROXY_PORT);
            assertSelectsThePods(traffic.at("/spec/selector"));
        }

        @Test
        void theDisruptionBudgetLetsOneNodeGoAtATime() {
            JsonNode budget = kind("PodDisruptionBudget");

            assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertSelectsThePods(budget.at("/spec/selector/matchLabels"));
        }

        @Test
        void theConfigLoadsAndFindsMembersThroughTheHeadlessService() {
            JsonNode generator = kustomization.at("/configMapGenerator/0");
            String file = generator.at("/files/0").asText();
            TierCacheConfig config = ConfigLoader.load(KUBERNETES.resolve(file), List.of(),
                    Map.of(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET));
            String headless = statefulSet.at("/spec/serviceName").asText();
            String namespace = kustomization.path("namespace").asText();

            assertThat(config.cluster().discovery()).isEqualTo(Discovery.KUBERNETES);
            assertThat(config.cluster().kubernetesServiceDns())
                    .isEqualTo(headless + "." + namespace + ".svc.cluster.local");
            assertThat(config.cluster().bind()).isEqualTo("0.0.0.0");
            assertThat(config.cluster().port()).isEqualTo(HAZELCAST_PORT);
            assertThat(config.admin().listen().toString()).isEqualTo("0.0.0.0:" + ADMIN_PORT);
            assertThat(config.admin().purgeToken()).as("the token belongs in the Secret").isNull();
            assertThatThrownBy(() -> ConfigLoader.load(KUBERNETES.resolve(file), List.of(), Map.of()))
                    .as("without the Secret's value the node refuses to start")
                    .isInstanceOf(ConfigException.class).hasMessageContaining(ConfigLoader.CLUSTER_SECRET_ENV);

            JsonNode volume = volumeMountedAt("/etc/tiercache");
            assertThat(volume.at("/configMap/name").asText()).isEqualTo(generator.path("name").asText());
            assertThat(file).isEqualTo("tiercache.yaml");
        }

        private List<JsonNode> manifests() {
            List<JsonNode> all = new ArrayList<>();
            for (String resource : texts(kustomization.path("resources"))) {
                all.addAll(documents(KUBERNETES.resolve(resource)));
            }
            return all;
        }

        private JsonNode kind(String kind) {
            return manifests.stream().filter(manifest -> manifest.path("kind").asText().equals(kind))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in the kustomization"));
        }

        /** The numbers of the ports the policy's ingress rules open, named ports resolved. */
        private List<Integer> ingressPorts(JsonNode policy) {
            List<Integer> ports = new ArrayList<>();
            policy.at("/spec/ingress").forEach(rule -> rule.path("ports").forEach(port ->
                    ports.add(containerPort(port.path("port")))));
            return ports;
        }

        /** The one source that the one ingress rule for this port admits. */
        private JsonNode onlyPeerAllowedTo(int port) {
            List<JsonNode> rules = new ArrayList<>();
            kind("NetworkPolicy").at("/spec/ingress").forEach(rule -> {
                for (JsonNode opened : rule.path("ports")) {
                    if (containerPort(opened.path("port")) == port) {
                        rules.add(rule);
                    }
                }
            });
            assertThat(rules).as("ingress rules for port %d", port).hasSize(1);
            assertThat(rules.get(0).path("from")).as("sources for port %d", port).hasSize(1);
            return rules.get(0).path("from").get(0);
        }

        private JsonNode service(String name) {
            return manifests.stream()
                    .filter(manifest -> manifest.path("kind").asText().equals("Service"))
                    .filter(service -> service.at("/metadata/name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
        }

        private JsonNode env(String name) {
            for (JsonNode variable : container.path("env")) {
                if (variable.path("name").asText().equals(name)) {
                    return variable;
                }
            }
            throw new AssertionError("the container sets no " + name);
        }

        /** A probe's or Service's port, by number or by the container port's name. */
        private int containerPort(JsonNode port) {
            if (port.isInt()) {
                return port.asInt();
            }
            for (JsonNode declared : container.path("ports")) {
                if (declared.path("name").asText().equals(port.asText())) {
                    return declared.path("containerPort").asInt();
                }
            }
            throw new AssertionError("the container has no port named " + port.asText());
        }

        private JsonNode volumeMountedAt(String path) {
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals(path)) {
                    for (JsonNode volume : pod.path("volumes")) {
                        if (volume.path("name").equals(mount.path("name"))) {
                            return volume;
                        }
                    }
                }
            }
            throw new AssertionError("no volume mounted at " + path);
        }

        private void assertSelectsThePods(JsonNode selector) {
            assertThat(selector.size()).isPositive();
            JsonNode labels = statefulSet.at("/spec/template/metadata/labels");
            selector.properties().forEach(label ->
                    assertThat(labels.path(label.getKey())).as("pod label %s", label.getKey()).isEqualTo(label.getValue()));
        }
    }

    @Nested
    class DockerCompose {

        private final JsonNode services = single(DEPLOY.resolve("docker-compose.yml")).path("services");
        private final List<String> nodes = List.of("tiercache-1", "tiercache-2", "tiercache-3");

        @Test
        void runsThreeNodesHaproxyAndAnOrigin() {
            assertThat(servicesIn(null)).containsExactlyInAnyOrder("tiercache-1", "tiercache-2", "tiercache-3", "haproxy",
                    "origin");
        }

        @Test
        void theMonitoringProfileAddsPrometheusAndGrafana() {
            assertThat(servicesIn("monitoring")).containsExactlyInAnyOrder("prometheus", "grafana");
        }

        @Test
        void prometheusScrapesEveryNodesMetricsOnTheAdminPort() {
            JsonNode job = single(DEPLOY.resolve("prometheus/prometheus.yml")).at("/scrape_configs/0");
            assertThat(texts(services.at("/prometheus/volumes"))).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");

            assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
            assertThat(texts(job.at("/static_configs/0/targets")))
                    .containsExactlyElementsOf(nodes.stream().map(node -> node + ":" + ADMIN_PORT).toList());
        }

        @Test
        void grafanaIsProvisionedWithPrometheusAndTheDashboard() {
            List<String> volumes = texts(services.at("/grafana/volumes"));
            String dashboardMount = volumes.stream().filter(volume -> volume.startsWith("./grafana/tiercache.json:"))
                    .findFirst().orElseThrow();
            JsonNode provider = single(DEPLOY.resolve("grafana/provisioning/dashboards/tiercache.yaml")).at("/providers/0");
            JsonNode datasource = single(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml")).at("/datasources/0");

            assertThat(volumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro");
            assertThat(dashboardMount).startsWith("./grafana/tiercache.json:" + provider.at("/options/path").asText() + "/");
            assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
            assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
            assertThat(texts(services.at("/grafana/ports"))).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
            assertThat(texts(services.at("/prometheus/ports"))).allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
        }

        /** The services that start with {@code profile} (null: those that start without any profile). */
        private List<String> servicesIn(String profile) {
            List<String> names = new ArrayList<>();
            services.properties().forEach(service -> {
                List<String> profiles = texts(service.getValue().path("profiles"));
                if (profile == null ? profiles.isEmpty() : profiles.contains(profile)) {
                    names.add(service.getKey());
                }
            });
            return names;
        }

        @Test
        void nodesJoinEachOtherByServiceNameAndBuildTheImage() {
            for (String node : nodes) {
                List<String> command = texts(services.path(node).path("command"));
                assertThat(command).as(node).containsSubsequence("--node-name", node);
                assertThat(command).as(node).containsSubsequence("--members", String.join(",", nodes));
                assertThat(services.at("/" + node + "/build/dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
            }
        }

        @Test
        void nodesGetAClusterSecretFromTheEnvironmentOrAMarkedDemoDefault() {
            Pattern withDefault = Pattern.compile("\\$\\{TIERCACHE_CLUSTER_SECRET:-([^}]+)}");
            for (String node : nodes) {
                String value = services.at("/" + node + "/environment/TIERCACHE_CLUSTER_SECRET").asText();
                Matcher matcher = withDefault.matcher(value);

                assertThat(matcher.matches()).as("%s: %s", node, value).isTrue();
                assertThat(matcher.group(1)).as("the default says it is no secret").containsIgnoringCase("not-secret");
                TierCacheConfig config = ConfigLoader.load(DOCKER.resolve("tiercache.yaml"), List.of(),
                        Map.of(ConfigLoader.CLUSTER_SECRET_ENV, matcher.group(1)));
                assertThat(config.cluster().secret()).isEqualTo(matcher.group(1));
            }
        }

        @Test
        void theImagesHeapUnderTheMemoryLimitHoldsTheImagesConfig() {
            TierCacheConfig config = ConfigLoader.load(DOCKER.resolve("tiercache.yaml"), List.of(),
                    Map.of(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET));
            for (String node : nodes) {
                long limit = memoryBytes(services.at("/" + node + "/mem_limit").asText());
                assertThat(HeapRequirement.problem(config.cache(), heapFor(imageJavaOptions(), limit))).as(node).isEmpty();
            }
        }

        @Test
        void mountedFilesExist() {
            for (String service : List.of("haproxy", "origin", "prometheus", "grafana")) {
                for (String volume : texts(services.path(service).path("volumes"))) {
                    Path source = DEPLOY.resolve(volume.substring(0, volume.indexOf(':'))).normalize();
                    assertThat(source).as("%s mounts %s", service, volume).exists();
                }
            }
        }

        @Test
        void haproxyChecksEveryNodesReadinessOnTheAdminPort() {
            String haproxy = read(DOCKER.resolve("haproxy.cfg"));

            assertThat(haproxy).contains("option httpchk GET /ready", "retry-on conn-failure empty-response",
                    "option redispatch", "balance roundrobin");
            for (String node : nodes) {
                assertThat(haproxy).containsPattern("server " + node + " " + node + ":" + PROXY_PORT
                        + " check port " + ADMIN_PORT);
            }
        }
    }

    @Nested
    class Dockerfile {

        private final String dockerfile = read(DOCKER.resolve("Dockerfile"));

        @Test
        void exposesTheThreePortsAndChecksHealth() {
            assertThat(dockerfile).containsPattern("(?m)^EXPOSE " + PROXY_PORT + " " + ADMIN_PORT + " " + HAZELCAST_PORT + "$");
            assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*");
            assertThat(dockerfile).contains("http://127.0.0.1:" + ADMIN_PORT + "/health");
        }

        @Test
        void buildsWithMavenAndRunsOnAJreAsANonRootUser() {
            assertThat(dockerfile).containsPattern("(?m)^FROM maven:3\\.9-eclipse-temurin-17 AS build$");
            assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
            assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*");
            assertThat(dockerfile).contains("-XX:MaxRAMPercentage=");
        }

        @Test
        void aNodeOutOfMemoryExits() {
            assertThat(imageJavaOptions()).contains("-XX:+ExitOnOutOfMemoryError");
        }

        @Test
        void listensOnAllInterfacesWithTheConfigItShips() {
            assertThat(dockerfile).contains("\"--listen\", \"0.0.0.0:" + PROXY_PORT + "\"",
                    "\"--admin-listen\", \"0.0.0.0:" + ADMIN_PORT + "\"",
                    "\"--config\", \"/etc/tiercache/tiercache.yaml\"",
                    "COPY deploy/docker/tiercache.yaml /etc/tiercache/tiercache.yaml");
            TierCacheConfig config = ConfigLoader.load(DOCKER.resolve("tiercache.yaml"), List.of(),
                    Map.of(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET));

            assertThatThrownBy(() -> ConfigLoader.load(DOCKER.resolve("tiercache.yaml"), List.of(), Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(ConfigLoader.CLUSTER_SECRET_ENV);
            assertThat(config.cluster().bind()).isEqualTo("0.0.0.0");
            assertThat(config.cluster().port()).isEqualTo(HAZELCAST_PORT);
            assertThat(config.cache().statusDetail()).isEqualTo(StatusDetail.MINIMAL);
        }
    }

    @Nested
    class LocalFleet {

        private final String script = read(DEPLOY.resolve("local").resolve("tiercache-local"));

        @Test
        void theScriptIsExecutableAndItsHaproxyConfigChecksReady() {
            assertThat(DEPLOY.resolve("local").resolve("tiercache-local")).isExecutable();
            assertThat(script).contains("option httpchk GET /ready", "retry-on conn-failure empty-response",
                    "option redispatch", "retries 2", "check port");
        }

        @Test
        void theNodesShareAClusterSecretThroughTheEnvironment() {
            assertThat(script).contains("TIERCACHE_CLUSTER_SECRET=\"$secret\"")
                    .doesNotContain("--cluster-secret");
        }

        @Test
        void theDefaultHeapHoldsTheDefaultBudgetAndANodeOutOfMemoryExits() {
            Matcher options = Pattern.compile("JAVA_OPTS=\"\\$\\{TIERCACHE_JAVA_OPTS:-(.*)}\"").matcher(script);
            assertThat(options.find()).as("the default JAVA_OPTS").isTrue();
            Matcher heap = Pattern.compile("-Xmx(\\d+)m").matcher(options.group(1));

            assertThat(options.group(1)).contains("-XX:+ExitOnOutOfMemoryError");
            assertThat(heap.find()).isTrue();
            assertThat(HeapRequirement.problem(ConfigLoader.fromYaml("").cache(),
                    reported(Long.parseLong(heap.group(1)) * MIB))).isEmpty();
        }

        @Test
        void runNodeStartsJavaSoThatItExitsOnOutOfMemory() {
            String runNode = read(REPO.resolve("bin").resolve("run-node"));

            assertThat(runNode.lines().filter(line -> line.contains(" -jar ")))
                    .isNotEmpty().allSatisfy(line -> assertThat(line).contains("java -XX:+ExitOnOutOfMemoryError -jar"));
        }
    }

    /** Builds the real image and starts one node in it; skipped where there is no Docker. */
    @Nested
    @Testcontainers(disabledWithoutDocker = true)
    class Image {

        @Test
        void aNodeInTheImageBecomesReadyAndRunsAsNonRoot() throws Exception {
            ImageFromDockerfile image = new ImageFromDockerfile("tiercache-node-test", true)
                    .withFileFromPath(".", REPO)
                    .withDockerfile(DOCKER.resolve("Dockerfile"));
            try (GenericContainer<?> node = new GenericContainer<>(image)
                    .withExposedPorts(PROXY_PORT, ADMIN_PORT)
                    .withCommand("--node-name", "image-test")
                    .withEnv(ConfigLoader.CLUSTER_SECRET_ENV, CLUSTER_SECRET)
                    .waitingFor(Wait.forHttp("/ready").forPort(ADMIN_PORT).forStatusCode(200)
                            .withStartupTimeout(Duration.ofMinutes(2)))) {
                node.start();
                URI health = URI.create("http://" + node.getHost() + ":" + node.getMappedPort(ADMIN_PORT) + "/health");
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(node.execInContainer("id", "-u").getStdout().trim()).isNotEqualTo("0");
            }
        }
    }

    /** The JVM options the image sets. */
    private static String imageJavaOptions() {
        Matcher env = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$").matcher(read(DOCKER.resolve("Dockerfile")));
        assertThat(env.find()).as("ENV JDK_JAVA_OPTIONS in the Dockerfile").isTrue();
        return env.group(1);
    }

    /** The heap a JVM with these options gets under a memory limit, as Runtime.maxMemory() reports it. */
    private static long heapFor(String javaOptions, long memoryLimit) {
        Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaOptions);
        assertThat(percentage.find()).as("MaxRAMPercentage in " + javaOptions).isTrue();
        return reported(memoryLimit * Long.parseLong(percentage.group(1)) / 100);
    }

    /** Serial and parallel collectors leave a survivor space out of Runtime.maxMemory(): allow 10%. */
    private static long reported(long maxHeap) {
        return maxHeap - maxHeap / 10;
    }

    /** A memory quantity as Kubernetes ({@code 2Gi}) or Compose ({@code 2g}, {@code 1536m}) write it. */
    private static long memoryBytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)([kmg])?i?b?").matcher(quantity.toLowerCase(Locale.ROOT));
        assertThat(matcher.matches()).as("a memory quantity: " + quantity).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "" : matcher.group(2)) {
            case "k" -> amount * 1024;
            case "m" -> amount * MIB;
            case "g" -> amount * 1024 * MIB;
            default -> amount;
        };
    }

    /**
     * Every document of a YAML file as a tree. SnakeYAML reads it, since Compose relies on merge keys
     * ({@code <<: *node}), which Jackson's YAML parser leaves unresolved; duplicate keys are errors.
     */
    private static List<JsonNode> documents(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml(options).loadAll(read(file))) {
                if (document != null) {
                    documents.add(TREES.valueToTree(document));
                }
            }
        } catch (YAMLException e) {
            throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
        }
        return documents;
    }

    private static JsonNode single(Path file) {
        List<JsonNode> documents = documents(file);
        assertThat(documents).as(file.toString()).hasSize(1);
        return documents.get(0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
