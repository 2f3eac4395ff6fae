package dev.autotune4j.distributed;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;

/**
 * An existing Hazelcast cluster of one member, as a service would run its own: {@code ClusterMember name port}. It
 * knows nothing of autotune4j; {@link GroupIT} connects ranks to it as clients, then kills it.
 */
public final class ClusterMember {
    private ClusterMember() {
    }

    public static void main(String[] args) throws InterruptedException {
        Config config = new Config();
        config.setClusterName(args[0]);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.getNetworkConfig().setPort(Integer.parseInt(args[1])).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        Hazelcast.newHazelcastInstance(config);
        System.out.println("member up");
        Thread.sleep(Long.MAX_VALUE);
    }
}
