package dev.cirrus.benchmarks.servers;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A single Hazelcast member bound to loopback (no multicast, no discovery beyond 127.0.0.1), the
 * server side of the Hazelcast client JCache peer.
 *
 * <p>Usage: {@code HazelcastMember --port P --cluster NAME}; stops on SIGTERM.
 */
public final class HazelcastMember {

  private HazelcastMember() {}

  public static void main(String[] argv) throws InterruptedException {
    Args args = new Args(argv);
    int port = args.getInt("port");
    Config config = new Config();
    config.setClusterName(args.get("cluster", "cirrus-bench"));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.getJetConfig().setEnabled(false);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown));
    System.out.println("READY hazelcast member on 127.0.0.1:" + port);
    Thread.currentThread().join();
  }
}
