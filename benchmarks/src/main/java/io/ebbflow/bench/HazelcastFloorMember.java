package io.ebbflow.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One bare member of {@link HazelcastFloorBenchmark}: joins, waits until it sees {@code members} members, prints
 * {@code formed <ms after the launch> cpu <its CPU milliseconds>}, and leaves once every member has counted itself in
 * a map (so that none leaves before the last one saw it).
 *
 * <p>Arguments: members, launch time (epoch ms), cluster name, first port, port count.
 */
final class HazelcastFloorMember {

    private HazelcastFloorMember() {
    }

    public static void main(String[] args) throws Exception {
        int members = Integer.parseInt(args[0]);
        long launch = Long.parseLong(args[1]);
        int port = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        Config cfg = new Config();
        cfg.setClusterName(args[2]);
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.partition.count", "7");
        cfg.setProperty("hazelcast.logging.type", "none");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(count));
        cfg.getJetConfig().setEnabled(false);
        cfg.getMetricsConfig().setEnabled(false);
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true).setPortCount(count);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).addMember("127.0.0.1")
                .setRequiredMember(members > 1 ? "127.0.0.1:" + port : null);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(cfg);
        CountDownLatch all = new CountDownLatch(1);
        hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
                if (e.getMembers().size() >= members) {
                    all.countDown();
                }
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
            }
        });
        if (hz.getCluster().getMembers().size() >= members) {
            all.countDown();
        }
        if (!all.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not every member joined within 2 minutes");
        }
        long formed = System.currentTimeMillis() - launch;
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        System.out.println("formed " + formed + " cpu " + cpu);
        System.out.flush();
        // Stay until every member has counted itself (after the measurement): none leaves before the last saw it.
        com.hazelcast.map.IMap<String, Long> counted = hz.getMap("formed");
        CountDownLatch everyone = new CountDownLatch(1);
        counted.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, Long>) e -> {
            if (counted.size() >= members) {
                everyone.countDown();
            }
        }, false);
        counted.put(hz.getCluster().getLocalMember().getUuid().toString(), formed);
        if (counted.size() >= members) {
            everyone.countDown();
        }
        everyone.await(2, TimeUnit.MINUTES);
        hz.getLifecycleService().terminate();
        System.exit(0);
    }
}
