import type { Severity } from '../findings/finding';

/** Bump when a port is added, removed or re-graded, so a finding can say which catalogue judged it. */
export const RISKY_PORTS_VERSION = '2026.11.1';

export type RiskyPortProtocol = 'tcp' | 'udp';

export interface RiskyPort {
  protocol: RiskyPortProtocol;
  port: number;
  service: string;
  severity: Severity;
}

/** Identifies a catalogue line for removal. */
export interface RiskyPortRef {
  protocol: RiskyPortProtocol;
  port: number;
}

/** User changes to the catalogue: `add` inserts a port or replaces the line of the same protocol and port
 * (that is how a severity is changed); `remove` drops lines. */
export interface RiskyPortOverrides {
  add: readonly RiskyPort[];
  remove: readonly RiskyPortRef[];
}

const tcp = (port: number, service: string, severity: Severity): RiskyPort => ({
  protocol: 'tcp',
  port,
  service,
  severity,
});
const udp = (port: number, service: string, severity: Severity): RiskyPort => ({
  protocol: 'udp',
  port,
  service,
  severity,
});

/**
 * Ports that must not be open to the internet. Critical: remote administration, file sharing and data
 * stores that ship without authentication; high: databases, directory and Kerberos services, cluster
 * internals and UDP services abused for amplification; medium: plain-text mail and common development
 * servers that are often left behind.
 */
export const RISKY_PORTS: readonly RiskyPort[] = [
  tcp(20, 'FTP data', 'high'),
  tcp(21, 'FTP', 'high'),
  tcp(22, 'SSH', 'critical'),
  tcp(23, 'Telnet', 'critical'),
  tcp(25, 'SMTP', 'medium'),
  tcp(88, 'Kerberos', 'high'),
  tcp(110, 'POP3', 'medium'),
  tcp(135, 'Microsoft RPC', 'critical'),
  tcp(139, 'NetBIOS / SMB', 'critical'),
  tcp(143, 'IMAP', 'medium'),
  tcp(389, 'LDAP', 'high'),
  tcp(445, 'SMB / CIFS', 'critical'),
  tcp(464, 'Kerberos password change', 'high'),
  tcp(636, 'LDAP over TLS', 'high'),
  tcp(749, 'Kerberos administration', 'high'),
  tcp(750, 'Kerberos v4', 'high'),
  tcp(1433, 'SQL Server', 'high'),
  tcp(1434, 'SQL Server browser', 'high'),
  tcp(1521, 'Oracle', 'high'),
  tcp(2483, 'Oracle', 'high'),
  tcp(2484, 'Oracle over TLS', 'high'),
  tcp(3000, 'development web server', 'medium'),
  tcp(3306, 'MySQL', 'high'),
  tcp(3389, 'RDP', 'critical'),
  tcp(4333, 'mSQL', 'medium'),
  tcp(5000, 'development web server', 'medium'),
  tcp(5432, 'PostgreSQL', 'high'),
  tcp(5500, 'VNC', 'high'),
  tcp(5601, 'Kibana', 'high'),
  tcp(6379, 'Redis', 'critical'),
  tcp(7000, 'Cassandra inter-node', 'high'),
  tcp(7001, 'Cassandra inter-node TLS', 'high'),
  tcp(7199, 'Cassandra JMX', 'high'),
  tcp(8080, 'HTTP alternate / admin consoles', 'medium'),
  tcp(8088, 'Hadoop YARN', 'medium'),
  tcp(8888, 'notebooks / admin consoles', 'medium'),
  tcp(9042, 'Cassandra CQL', 'high'),
  tcp(9092, 'Kafka', 'high'),
  tcp(9160, 'Cassandra Thrift', 'high'),
  tcp(9200, 'Elasticsearch HTTP', 'critical'),
  tcp(9300, 'Elasticsearch transport', 'high'),
  tcp(11211, 'Memcached', 'critical'),
  tcp(27017, 'MongoDB', 'critical'),
  tcp(27018, 'MongoDB shard', 'high'),
  udp(53, 'DNS (amplification)', 'high'),
  udp(123, 'NTP (amplification)', 'high'),
  udp(161, 'SNMP (amplification)', 'high'),
  udp(389, 'CLDAP (amplification)', 'high'),
  udp(1900, 'SSDP (amplification)', 'high'),
  udp(11211, 'Memcached (amplification)', 'critical'),
];

/** The catalogue with the user's overrides applied, sorted by protocol then port. */
export function effectiveRiskyPorts(
  overrides: RiskyPortOverrides,
  base: readonly RiskyPort[] = RISKY_PORTS,
): RiskyPort[] {
  const key = (p: RiskyPortRef) => `${p.protocol}/${p.port}`;
  const byKey = new Map(base.map((p) => [key(p), p]));
  for (const removed of overrides.remove) byKey.delete(key(removed));
  for (const added of overrides.add) byKey.set(key(added), added);
  return [...byKey.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}
