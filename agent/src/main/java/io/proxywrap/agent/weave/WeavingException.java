package io.proxywrap.agent.weave;

/**
 * A class could not be woven as its plan says: the plan does not fit the class (a method or a
 * raw read it names is missing) or a template breaks the rules of {@link Templates}. The class
 * then loads unchanged and the operator is told.
 */
public final class WeavingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WeavingException(String message) {
        super(message);
    }
}
