package io.tiercache.client;

import java.util.List;

/** The client-side check that catches a full URL or a bare name where the admin API wants a path. */
final class Paths {

    private Paths() {
    }

    static void requireAbsolute(String field, List<String> paths) {
        for (String path : paths) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(field + " must be paths starting with '/', got '" + path + "'");
            }
        }
    }
}
