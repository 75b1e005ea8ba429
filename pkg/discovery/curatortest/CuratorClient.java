// A Curator discovery client for yodel's tests: it reads instances with the
// real library (ServiceDiscovery, ServiceCache, ServiceProvider) and answers
// commands on stdin with one line on stdout each.
//
//   roundtrip            (reads one line: node data) -> the library's own
//                        serialization of what it deserialized
//   query                -> ids from ServiceDiscovery.queryForInstances, sorted
//   cached               -> ids in ServiceProvider.getAllInstances() (its cache), sorted
//   picks N              -> N ServiceProvider.getInstance() picks as id,track lines joined by ' '
//   call N               -> N HTTP GETs through ServiceProvider picks: "ok F [first failure]"
//   probe MS             -> ServiceProvider.getInstance() in a loop for MS milliseconds:
//                           "probe <picks> <none> <millis of the first none or 0>"
//   watch                -> from now on, print "changed <millis> <sorted ids>" on every
//                           ServiceCache change
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.apache.curator.framework.*;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.x.discovery.*;
import org.apache.curator.x.discovery.details.*;
import org.apache.curator.x.discovery.strategies.RandomStrategy;

public class CuratorClient {
  static final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);

  public static void main(String[] args) throws Exception {
    JsonInstanceSerializer<Map> ser = new JsonInstanceSerializer<>(Map.class);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (args.length == 1 && args[0].equals("roundtrip")) {
      ServiceInstance<Map> si = ser.deserialize(in.readLine().getBytes(StandardCharsets.UTF_8));
      out.println(new String(ser.serialize(si), StandardCharsets.UTF_8));
      return;
    }
    String zk = args[0], base = args[1], name = args[2];
    CuratorFramework cf = CuratorFrameworkFactory.newClient(zk, 10000, 5000, new RetryNTimes(100, 100));
    cf.start();
    ServiceDiscovery<Map> sd = ServiceDiscoveryBuilder.builder(Map.class).client(cf).basePath(base).serializer(ser).build();
    sd.start();
    ServiceProvider<Map> sp = sd.serviceProviderBuilder().serviceName(name).providerStrategy(new RandomStrategy<>()).build();
    sp.start();
    ServiceCache<Map> cache = sd.serviceCacheBuilder().name(name).build();
    cache.start();
    out.println("ready");
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.trim().split(" ");
      try {
        switch (f[0]) {
          case "query": {
            List<String> ids = new ArrayList<>();
            for (ServiceInstance<Map> si : sd.queryForInstances(name)) ids.add(si.getId());
            Collections.sort(ids);
            out.println("ids " + String.join(",", ids));
            break;
          }
          case "cached": {
            List<String> ids = new ArrayList<>();
            for (ServiceInstance<Map> si : sp.getAllInstances()) ids.add(si.getId());
            Collections.sort(ids);
            out.println("ids " + String.join(",", ids));
            break;
          }
          case "picks": {
            StringBuilder b = new StringBuilder("picks");
            for (int i = 0, n = Integer.parseInt(f[1]); i < n; i++) {
              ServiceInstance<Map> si = sp.getInstance();
              b.append(' ').append(si == null ? "-" : si.getId() + "," + si.getPayload().get("track"));
            }
            out.println(b);
            break;
          }
          case "call": {
            int fails = 0;
            String why = "";
            for (int i = 0, n = Integer.parseInt(f[1]); i < n; i++) {
              ServiceInstance<Map> si = sp.getInstance();
              String err = si == null ? "no instance" : get(si);
              if (err != null) {
                fails++;
                if (why.isEmpty()) why = " " + (si == null ? "" : si.getId() + ": ") + err;
              }
            }
            out.println("ok " + fails + why);
            break;
          }
          case "probe": {
            long end = System.currentTimeMillis() + Long.parseLong(f[1]), first = 0;
            int picks = 0, none = 0;
            for (long now = System.currentTimeMillis(); now < end; now = System.currentTimeMillis()) {
              picks++;
              if (sp.getInstance() == null) {
                none++;
                if (first == 0) first = now;
              }
            }
            out.println("probe " + picks + " " + none + " " + first);
            break;
          }
          case "watch": {
            cache.addListener(new ServiceCacheListener() {
              public void cacheChanged() {
                List<String> ids = new ArrayList<>();
                for (ServiceInstance<Map> si : cache.getInstances()) ids.add(si.getId());
                Collections.sort(ids);
                out.println("changed " + System.currentTimeMillis() + " " + String.join(",", ids));
              }
              public void stateChanged(CuratorFramework c, org.apache.curator.framework.state.ConnectionState s) {}
            });
            out.println("watching");
            break;
          }
          default:
            out.println("error unknown command " + f[0]);
        }
      } catch (Exception e) {
        out.println("error " + e.toString().replace('\n', ' '));
      }
    }
  }

  // get calls the instance; null when it answered below 500.
  static String get(ServiceInstance<Map> si) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL("http://" + si.getAddress() + ":" + si.getPort() + "/").openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      int code = c.getResponseCode();
      try (InputStream s = code < 400 ? c.getInputStream() : c.getErrorStream()) { if (s != null) s.readAllBytes(); }
      return code < 500 ? null : "HTTP " + code;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
