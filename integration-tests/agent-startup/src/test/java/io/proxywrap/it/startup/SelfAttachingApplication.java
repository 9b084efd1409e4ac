package io.proxywrap.it.startup;

import com.sun.tools.attach.VirtualMachine;

/**
 * A stand-in application that attaches the agent to itself while running, as an operator's
 * {@code jcmd}/attach tool would, then shows it is still alive.
 */
public final class SelfAttachingApplication {

    static final String STILL_RUNNING = "application still running";

    private SelfAttachingApplication() {
    }

    /** @param args the agent jar, then optionally the agent argument string */
    public static void main(String[] args) throws Exception {
        VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
            self.loadAgent(args[0], args.length > 1 ? args[1] : null);
        } finally {
            self.detach();
        }
        System.out.println(STILL_RUNNING);
    }
}
