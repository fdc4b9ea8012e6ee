/**
 * The node's configuration: immutable records, loaded from YAML with command-line and environment
 * overrides, and validated so that every mistake is reported as one line naming the key.
 *
 * <p>This package depends on nothing else in the project, so that every other package may read it.
 */
package io.tiercache.config;
