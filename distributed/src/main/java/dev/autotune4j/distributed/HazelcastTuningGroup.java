package dev.autotune4j.distributed;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.autotune4j.dispatch.TuningGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tuning group as an embedded Hazelcast member per rank: TCP-IP join to the listed members, multicast and
 * auto-detection off, so a group forms only from the addresses it is given. Results travel through one distributed
 * map, keyed by the exchange's key and the rank; a rank collects by reading the keys it waits for until all are there
 * or its time is up. Entries expire after an hour: a group tunes at start, and a restarted rank publishes afresh.
 */
final class HazelcastTuningGroup implements TuningGroup {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastTuningGroup.class);
    private static final long POLL_MILLIS = 10;

    private final HazelcastInstance hazelcast;
    private final IMap<String, byte[]> results;
    private final int rank;
    private final int size;

    private HazelcastTuningGroup(HazelcastInstance hazelcast, int rank, int size) {
        this.hazelcast = hazelcast;
        this.results = hazelcast.getMap("autotune4j.results");
        this.rank = rank;
        this.size = size;
    }

    /** Starts this rank's member and waits, at most {@code formation}, until every rank has joined. */
    static HazelcastTuningGroup start(String name, int rank, int size, List<String> members, Duration formation) {
        String own = members.get(rank);
        int colon = own.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("autotune4j.groupMembers entry '" + own + "' has no port: write host:port");
        }
        Config config = new Config();
        config.setClusterName("autotune4j-" + name);
        config.setInstanceName("autotune4j-" + name + "-rank" + rank);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // ranks start together: one second of waiting for the others is enough to join them rather than merge later
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.local.localAddress", own.substring(0, colon));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(Integer.parseInt(own.substring(colon + 1))).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        HazelcastTuningGroup group = new HazelcastTuningGroup(Hazelcast.newHazelcastInstance(config), rank, size);
        group.leaveWhenTheApplicationEnds();
        group.awaitMembers(formation);
        return group;
    }

    /**
     * Connects this rank as a client of an existing cluster (its name and some of its members' addresses): the
     * service's own Hazelcast, say. The cluster holds the results; the ranks hold no data and take no part in it.
     */
    static HazelcastTuningGroup connect(String cluster, int rank, int size, List<String> members) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.setInstanceName("autotune4j-" + cluster + "-rank" + rank);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setAddresses(members);
        HazelcastTuningGroup group = new HazelcastTuningGroup(HazelcastClient.newHazelcastClient(config), rank, size);
        group.leaveWhenTheApplicationEnds();
        return group;
    }

    /**
     * Hazelcast's threads are not daemons: a job that tunes and returns from {@code main} would never exit. A daemon
     * thread watches for the moment no thread of the application's is left (none but Hazelcast's and the JVM's own
     * {@code DestroyJavaVM}, which waits for them) and leaves the group then, so the JVM ends as it would without it.
     */
    private void leaveWhenTheApplicationEnds() {
        String instance = hazelcast.getName();   // every thread of the member carries it ("hz.<name>.", "<name>-Nio...")
        Thread watcher = new Thread(() -> {
            while (hazelcast.getLifecycleService().isRunning()) {
                boolean applicationThreads = Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                        && !t.isDaemon() && !t.getName().contains(instance) && !t.getName().equals("DestroyJavaVM"));
                if (!applicationThreads) {
                    hazelcast.shutdown();
                    return;
                }
                sleep();
            }
        }, "autotune4j-group-exit");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void awaitMembers(Duration formation) {
        long deadline = System.nanoTime() + formation.toNanos();
        while (hazelcast.getCluster().getMembers().size() < size && System.nanoTime() < deadline) {
            sleep();
        }
        int joined = hazelcast.getCluster().getMembers().size();
        if (joined < size) {
            LOG.warn("autotune4j: tuning group has {} of {} ranks after {} ms; the missing ranks' results are not "
                    + "waited for past autotune4j.groupTimeoutMs", joined, size, formation.toMillis());
        }
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void publish(String key, byte[] result) {
        results.put(key + "#" + rank, result, 1, TimeUnit.HOURS);
    }

    @Override
    public Map<Integer, byte[]> collect(String key, Collection<Integer> ranks, Duration timeout)
            throws InterruptedException {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int r : ranks) {
            keys.put(key + "#" + r, r);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, byte[]> got = results.getAll(keys.keySet());
            if (got.size() == keys.size() || System.nanoTime() >= deadline) {
                Map<Integer, byte[]> out = new HashMap<>();
                got.forEach((k, v) -> out.put(keys.get(k), v));
                return out;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
