package dev.spool.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;

/** Small helpers the fixtures share: a raw PING probe, Jedis connections, generic commands, INFO parsing. */
final class Commands {

    private Commands() {
    }

    /**
     * Sends a raw {@code PING} to a plain-text port and returns the first reply line
     * ({@code +PONG}, {@code -NOAUTH ...}, {@code -LOADING ...}), or null when nothing answers.
     */
    static String rawPing(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r' && line.length() < 512) {
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** A new Jedis on {@code host:port} (5 s connect, 10 s read timeouts), authenticated when {@code password} is set. */
    static Jedis jedis(String host, int port, String password) {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5_000).socketTimeoutMillis(10_000);
        if (password != null) {
            cfg.password(password);
        }
        return new Jedis(new HostAndPort(host, port), cfg.build());
    }

    /**
     * Runs any command and converts the reply: bulk strings become {@link String}, arrays {@link List},
     * integers {@link Long}, nil {@code null}. An error reply is thrown as Jedis' exception.
     */
    static Object call(Jedis jedis, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("command needs at least the command name, e.g. command(\"PING\")");
        }
        byte[] name = SafeEncoder.encode(args[0]);
        ProtocolCommand cmd = () -> name;
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        return decode(jedis.sendCommand(cmd, rest));
    }

    static Object decode(Object reply) {
        if (reply instanceof byte[] bytes) {
            return SafeEncoder.encode(bytes);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(decode(o));
            }
            return out;
        }
        return reply;
    }

    /** The {@code key:value} lines of an INFO (or CLUSTER INFO) reply as a map. */
    static Map<String, String> parseInfo(String info) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int i = line.indexOf(':');
            if (i > 0 && !line.startsWith("#")) {
                map.put(line.substring(0, i), line.substring(i + 1).trim());
            }
        }
        return map;
    }
}
