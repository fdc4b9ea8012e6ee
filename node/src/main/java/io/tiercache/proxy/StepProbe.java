package io.tiercache.proxy;

/**
 * Told as a request or a fill enters each named step. Production nodes use {@link #NONE}; failure
 * tests install one that throws at a chosen step, to show that every step's failure ends in an
 * answer, a completed fill and a released lease.
 */
@FunctionalInterface
public interface StepProbe {

    StepProbe NONE = step -> {
    };

    void entering(Enum<?> step);
}
