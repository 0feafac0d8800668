package dev.spool.dashboard;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the servlet reads off a request besides its body: query parameters, and whether an action is same-origin. */
final class Requests {
    private Requests() {
    }

    /** The first value of each query parameter. */
    static Map<String, String> query(HttpServletRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                out.put(k, v[0]);
            }
        });
        return out;
    }

    /**
     * Refuses an action (403) that a page of another site could have sent: without the {@link
     * DashboardServlet#ACTION_HEADER} header, with a {@code Sec-Fetch-Site} other than same-origin, or with an
     * {@code Origin} whose host and port differ from the request's ({@code X-Forwarded-Host} behind a proxy).
     */
    static void checkSameOrigin(HttpServletRequest req) {
        if (req.getHeader(DashboardServlet.ACTION_HEADER) == null) {
            throw ApiException.forbidden("an action needs the header " + DashboardServlet.ACTION_HEADER
                    + ": 1 (the dashboard's pages send it; with curl add -H '" + DashboardServlet.ACTION_HEADER + ": 1')");
        }
        String site = req.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw ApiException.forbidden("refused an action sent from another site (Sec-Fetch-Site: " + site + ")");
        }
        String origin = req.getHeader("Origin");
        if (origin != null) {
            String host = req.getHeader("X-Forwarded-Host");
            if (host == null) {
                host = req.getHeader("Host");
            }
            String from = DashboardServlet.authority(origin);
            if (from == null || !from.equalsIgnoreCase(host)) {
                throw ApiException.forbidden("refused an action sent from another origin (" + origin + ", this is " + host + ")");
            }
        }
    }
}
