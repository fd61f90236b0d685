package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TaskExecutors are Hazelcast lite members, on real processes: one started before any data member waits for
 * one and registers when a ResourceManager appears; when the only data member (the ResourceManager) is
 * killed, the TaskExecutor is alone in a cluster without maps, keeps running, and registers with the next
 * ResourceManager started.
 */
class LiteMemberIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    LocalCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster("lite-member", 4, List.of());
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aTaskExecutorOutlivesEveryDataMemberAndRegistersWithTheNextResourceManager() throws Exception {
        ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=te-lite");
        await().atMost(TIMEOUT).until(() -> te.output().contains("waits for a data member"));
        assertThat(te.isAlive()).isTrue();

        ServiceProcess first = cluster.startResourceManager();
        await().atMost(TIMEOUT).until(() -> first.output().contains("TaskExecutor te-lite registered"));
        assertThat(te.output()).contains("as a lite member").contains("1 of them data members");

        first.kill();
        await().atMost(TIMEOUT).until(() -> te.output().contains("No data member (ResourceManager, JobMaster or web-ui)"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(te::isAlive);

        ServiceProcess second = cluster.startResourceManager();
        await().atMost(TIMEOUT).until(() -> second.output().contains("TaskExecutor te-lite registered"));
        assertThat(te.output()).contains("publishing this member's event-bus registrations and node information again");
        assertThat(te.isAlive()).isTrue();
    }
}
