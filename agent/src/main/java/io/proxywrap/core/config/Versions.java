package io.proxywrap.core.config;

/** Which PROXY protocol versions a port accepts. */
enum Versions {
    V1(true, false),
    V2(false, true),
    V1_AND_V2(true, true);

    final boolean acceptsV1;
    final boolean acceptsV2;

    Versions(boolean acceptsV1, boolean acceptsV2) {
        this.acceptsV1 = acceptsV1;
        this.acceptsV2 = acceptsV2;
    }

    static Versions of(boolean acceptsV1, boolean acceptsV2) {
        return acceptsV1 ? (acceptsV2 ? V1_AND_V2 : V1) : V2;
    }

    /** As the user writes it: {@code v1}, {@code v2} or {@code v1,v2}. */
    @Override
    public String toString() {
        return acceptsV1 ? (acceptsV2 ? "v1,v2" : "v1") : "v2";
    }
}
