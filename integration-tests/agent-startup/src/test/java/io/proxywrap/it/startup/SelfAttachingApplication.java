package io.proxywrap.it.startup;

import com.sun.tools.attach.VirtualMachine;

/**
 * A stand-in application that attaches the agent to itself while running, as an operator's
 * {@code jcmd}/attach tool would, then shows it is still alive.
 */
public final class SelfAttachingApplication {

    static final String STILL_RUNNING = "application still running";
    /**
     * Then "bootstrap" when the agent injected its bridge into the bootstrap class loader, "none"
     * when it did not: the bridge's classes are in the agent jar only as the jar it injects.
     */
    static final String BRIDGE_LOADER = "bridge loaded by ";

    private SelfAttachingApplication() {
    }

    /** @param args the agent jar, the agent argument string, and how many times to attach */
    public static void main(String[] args) throws Exception {
        int times = Integer.parseInt(args[2]);
        for (int i = 0; i < times; i++) {
            VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                self.loadAgent(args[0], args[1]);
            } finally {
                self.detach();
            }
        }
        String bridgeLoader;
        try {
            ClassLoader loader = Class.forName("io.proxywrap.bootstrap.ProxywrapBridge").getClassLoader();
            bridgeLoader = loader == null ? "bootstrap" : loader.getName();
        } catch (ClassNotFoundException e) {
            bridgeLoader = "none";
        }
        System.out.println(BRIDGE_LOADER + bridgeLoader);
        System.out.println(STILL_RUNNING);
    }
}
