/**
 * Internal: settings ({@code autotune4j.*} properties and variables), the tuner bean's interface, and
 * {@code AgentProtocol}, everything the agent and the runtime agree on. Exported to {@code java.management} only
 * (JMX reads the bean's interface); the agent carries shaded copies of the protocol and the interface.
 */
package dev.autotune4j.control;
