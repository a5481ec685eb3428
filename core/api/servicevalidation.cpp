// Services and their endpoints (Endpoints, EndpointSlice), as ValidateService, ValidateEndpoints and
// discovery's ValidateEndpointSlice check them: ports, type, selector, session affinity, cluster IPs,
// node ports, traffic policies, addresses; and what an update may not change.
#include "names.h"
#include "validation.h"

namespace tugboat::api {

namespace {

const QString kImmutable = QStringLiteral("field is immutable");
const QStringList kProtocols{QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")};
constexpr qint64 kNodePortMin = 30000;
constexpr qint64 kNodePortMax = 32767;
constexpr qint64 kKubeletPort = 10250;

bool isIpv6(const QString &ip)
{
    return ip.contains(QLatin1Char(':'));
}

// The cluster IPs as the strategy normalises them before validating: clusterIPs, or [clusterIP] when
// only the singular field is set.
QStringList effectiveClusterIps(const QJsonObject &spec)
{
    QStringList ips;
    for (const QJsonValue &v : spec.value(QLatin1String("clusterIPs")).toArray())
        ips << v.toString();
    const QString single = spec.value(QLatin1String("clusterIP")).toString();
    if (ips.isEmpty() && !single.isEmpty())
        ips << single;
    return ips;
}

bool isHeadless(const QStringList &clusterIps)
{
    return clusterIps.size() == 1 && clusterIps.first() == QLatin1String("None");
}

void validateProtocol(const FieldReader &r, FieldErrors &errs)
{
    const QString protocol = r.string(QLatin1String("protocol"));
    if (protocol.isEmpty())
        errs << FieldError::required(r.path(u"protocol"));
    else if (!kProtocols.contains(protocol))
        errs << FieldError::notSupported(r.path(u"protocol"), protocol, kProtocols);
}

void validateServicePort(const QJsonObject &port, bool requireName, QSet<QString> &names, const QString &path,
                         FieldErrors &errs)
{
    FieldReader r(port, path, errs);
    const QString name = r.string(QLatin1String("name"));
    if (requireName && name.isEmpty()) {
        errs << FieldError::required(r.path(u"name"));
    } else if (!name.isEmpty()) {
        errs += validateDns1123Label(name, r.path(u"name"));
        if (names.contains(name))
            errs << FieldError::duplicate(r.path(u"name"), name);
        names.insert(name);
    }
    const qint64 number = r.integer(QLatin1String("port")).value_or(0);
    errs += invalidEach(r.path(u"port"), number, isValidPortNum(number));
    validateProtocol(r, errs);
    errs += validatePortNumOrName(port.value(QLatin1String("targetPort")), r.path(u"targetPort"));
    if (r.has(QLatin1String("appProtocol")))
        errs += validateQualifiedName(r.string(QLatin1String("appProtocol")), r.path(u"appProtocol"));
}

void validateClusterIps(const QJsonObject &spec, FieldErrors &errs)
{
    const QString ipsPath = QStringLiteral("spec.clusterIPs");
    const QString clusterIp = spec.value(QLatin1String("clusterIP")).toString();
    const QJsonArray listed = spec.value(QLatin1String("clusterIPs")).toArray();
    const QStringList ips = effectiveClusterIps(spec);
    if (!clusterIp.isEmpty() && !listed.isEmpty() && ips.first() != clusterIp)
        errs << FieldError::invalid(ipsPath, listed, QStringLiteral("first value must match `clusterIP`"));

    const QStringList families = [&] {
        QStringList out;
        for (const QJsonValue &v : spec.value(QLatin1String("ipFamilies")).toArray())
            out << v.toString();
        return out;
    }();
    for (qsizetype i = 0; i < families.size(); ++i) {
        if (families.at(i) != QLatin1String("IPv4") && families.at(i) != QLatin1String("IPv6"))
            errs << FieldError::notSupported(indexPath(QStringLiteral("spec.ipFamilies"), i), families.at(i),
                                             {QStringLiteral("IPv4"), QStringLiteral("IPv6")});
        if (families.indexOf(families.at(i)) < i)
            errs << FieldError::duplicate(indexPath(QStringLiteral("spec.ipFamilies"), i), families.at(i));
    }
    const QJsonValue policy = spec.value(QLatin1String("ipFamilyPolicy"));
    static const QStringList policies{QStringLiteral("PreferDualStack"), QStringLiteral("RequireDualStack"),
                                      QStringLiteral("SingleStack")};
    if (policy.isString() && !policies.contains(policy.toString()))
        errs << FieldError::notSupported(QStringLiteral("spec.ipFamilyPolicy"), policy, policies);

    bool invalid = false;
    const QJsonArray ipsJson = QJsonArray::fromStringList(ips);
    for (qsizetype i = 0; i < ips.size(); ++i) {
        if (i == 0 && ips.at(i) == QLatin1String("None")) {
            if (ips.size() > 1) {
                invalid = true;
                errs << FieldError::invalid(ipsPath, ipsJson,
                                            QStringLiteral("'None' must be the first and only value"));
            }
            continue;
        }
        const QStringList msgs = isValidIp(ips.at(i));
        invalid = invalid || !msgs.isEmpty();
        errs += invalidEach(indexPath(ipsPath, i), ips.at(i), msgs);
    }
    if (ips.size() > 2)
        errs << FieldError::invalid(ipsPath, ipsJson, QStringLiteral("may only hold up to 2 values"));
    if (invalid)
        return;
    if (ips.size() == 2 && isIpv6(ips.at(0)) == isIpv6(ips.at(1)))
        errs << FieldError::invalid(ipsPath, ipsJson,
                                    QStringLiteral("may specify no more than one IP for each IP family"));
    if (isHeadless(ips))
        return;
    for (qsizetype i = 0; i < ips.size() && i < families.size(); ++i) {
        if (families.at(i) == QLatin1String("IPv4") && isIpv6(ips.at(i)))
            errs << FieldError::invalid(
                indexPath(ipsPath, i), ips.at(i),
                QStringLiteral("expected an IPv4 value as indicated by `ipFamilies[%1]`").arg(i));
        if (families.at(i) == QLatin1String("IPv6") && !isIpv6(ips.at(i)))
            errs << FieldError::invalid(
                indexPath(ipsPath, i), ips.at(i),
                QStringLiteral("expected an IPv6 value as indicated by `ipFamilies[%1]`").arg(i));
    }
}

void validateSessionAffinity(const FieldReader &r, FieldErrors &errs)
{
    const QString affinity = r.string(QLatin1String("sessionAffinity"));
    const std::optional<QJsonObject> config = r.object(QLatin1String("sessionAffinityConfig"));
    if (affinity.isEmpty())
        errs << FieldError::required(r.path(u"sessionAffinity"));
    else if (affinity != QLatin1String("ClientIP") && affinity != QLatin1String("None"))
        errs << FieldError::notSupported(r.path(u"sessionAffinity"), affinity,
                                         {QStringLiteral("ClientIP"), QStringLiteral("None")});
    const QString configPath = r.path(u"sessionAffinityConfig");
    if (affinity == QLatin1String("None") && config) {
        errs << FieldError::forbidden(configPath, QStringLiteral("must not be set when session affinity is None"));
    } else if (affinity == QLatin1String("ClientIP")) {
        const QString when = QStringLiteral("when session affinity type is ClientIP");
        const QJsonValue clientIp = config.value_or(QJsonObject()).value(QLatin1String("clientIP"));
        const QJsonValue timeout = clientIp.toObject().value(QLatin1String("timeoutSeconds"));
        const QString clientIpPath = childPath(configPath, u"clientIP");
        if (!config)
            errs << FieldError::required(configPath, when);
        else if (!clientIp.isObject())
            errs << FieldError::required(clientIpPath, when);
        else if (!timeout.isDouble())
            errs << FieldError::required(childPath(clientIpPath, u"timeoutSeconds"), when);
        else if (timeout.toInteger() <= 0 || timeout.toInteger() > 86400)
            errs << FieldError::invalid(childPath(clientIpPath, u"timeoutSeconds"), timeout.toInteger(),
                                        QStringLiteral("must be greater than 0 and less than 86400"));
    }
}

void validateServicePorts(const QJsonArray &ports, const QString &type, FieldErrors &errs)
{
    const QString portsPath = QStringLiteral("spec.ports");
    QSet<QString> names;
    QSet<QString> nodePorts;
    QSet<QString> portKeys;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        const QString idx = indexPath(portsPath, i);
        const QJsonObject port = ports.at(i).toObject();
        validateServicePort(port, ports.size() > 1, names, idx, errs);
        const QString protocol = port.value(QLatin1String("protocol")).toString();
        const qint64 number = port.value(QLatin1String("port")).toInteger();
        const qint64 nodePort = port.value(QLatin1String("nodePort")).toInteger();
        if (type == QLatin1String("LoadBalancer") && number == kKubeletPort)
            errs << FieldError::invalid(
                idx, number,
                QStringLiteral("may not expose port %1 externally since it is used by kubelet").arg(kKubeletPort));
        if (nodePort != 0 && type == QLatin1String("ClusterIP"))
            errs << FieldError::forbidden(childPath(idx, u"nodePort"),
                                          QStringLiteral("may not be used when `type` is 'ClusterIP'"));
        else if (nodePort != 0 && (nodePort < kNodePortMin || nodePort > kNodePortMax))
            errs << FieldError::invalid(childPath(idx, u"nodePort"), nodePort,
                                        QStringLiteral("provided port is not in the valid range. The range of valid "
                                                       "ports is %1-%2")
                                            .arg(kNodePortMin)
                                            .arg(kNodePortMax));
        if (nodePort != 0) {
            const QString key = protocol + QLatin1Char('/') + QString::number(nodePort);
            if (nodePorts.contains(key))
                errs << FieldError::duplicate(childPath(idx, u"nodePort"), nodePort);
            nodePorts.insert(key);
        }
        const QString key = protocol + QLatin1Char('/') + QString::number(number);
        if (portKeys.contains(key))
            errs << FieldError::duplicate(
                idx, QJsonObject{{QStringLiteral("port"), number}, {QStringLiteral("protocol"), protocol}});
        portKeys.insert(key);
    }
}

void validateTrafficPolicies(const FieldReader &r, const QString &type, bool externallyAccessible, FieldErrors &errs)
{
    const QStringList policies{QStringLiteral("Cluster"), QStringLiteral("Local")};
    const QString external = r.string(QLatin1String("externalTrafficPolicy"));
    if (!externallyAccessible) {
        if (!external.isEmpty())
            errs << FieldError::invalid(r.path(u"externalTrafficPolicy"), external,
                                        QStringLiteral("may only be set for externally-accessible services"));
    } else if (external.isEmpty()) {
        errs << FieldError::required(r.path(u"externalTrafficPolicy"));
    } else if (!policies.contains(external)) {
        errs << FieldError::notSupported(r.path(u"externalTrafficPolicy"), external, policies);
    }
    const bool hasInternal = r.has(QLatin1String("internalTrafficPolicy"));
    const QString internal = r.string(QLatin1String("internalTrafficPolicy"));
    if (!hasInternal && type != QLatin1String("ExternalName") && !type.isEmpty())
        errs << FieldError::required(r.path(u"internalTrafficPolicy"));
    else if (hasInternal && !policies.contains(internal))
        errs << FieldError::notSupported(r.path(u"internalTrafficPolicy"), internal, policies);
}

void validateEndpointPort(const QJsonObject &port, bool requireName, const QString &path, FieldErrors &errs)
{
    FieldReader r(port, path, errs);
    const QString name = r.string(QLatin1String("name"));
    if (requireName && name.isEmpty())
        errs << FieldError::required(r.path(u"name"));
    else if (!name.isEmpty())
        errs += validateDns1123Label(name, r.path(u"name"));
    const qint64 number = r.integer(QLatin1String("port")).value_or(0);
    errs += invalidEach(r.path(u"port"), number, isValidPortNum(number));
    validateProtocol(r, errs);
    if (r.has(QLatin1String("appProtocol")))
        errs += validateQualifiedName(r.string(QLatin1String("appProtocol")), r.path(u"appProtocol"));
}

// Kubernetes also refuses loopback and link-local endpoint addresses; Tugboat's pods may live on them.
void validateEndpointAddress(const QJsonObject &address, const QString &path, FieldErrors &errs)
{
    FieldReader r(address, path, errs);
    const QString ip = r.string(QLatin1String("ip"));
    const QString hostname = r.string(QLatin1String("hostname"));
    errs += invalidEach(r.path(u"ip"), ip, isValidIp(ip));
    if (ip == QLatin1String("0.0.0.0") || ip == QLatin1String("::"))
        errs << FieldError::invalid(r.path(u"ip"), ip, QStringLiteral("may not be unspecified (%1)").arg(ip));
    if (!hostname.isEmpty())
        errs += validateDns1123Label(hostname, r.path(u"hostname"));
    if (r.has(QLatin1String("nodeName"))) {
        const QString nodeName = r.string(QLatin1String("nodeName"));
        errs += invalidEach(r.path(u"nodeName"), nodeName, nameIsDnsSubdomain(nodeName, false));
    }
}

} // namespace

FieldErrors validateService(const Object &service)
{
    FieldErrors errs = validateObjectMeta(service.metadata(), true, nameIsDns1035Label);
    const QJsonObject spec = service.spec();
    FieldReader r(spec, QStringLiteral("spec"), errs);
    const QString type = r.string(QLatin1String("type"));
    const QJsonArray ports = r.array(QLatin1String("ports")).value_or(QJsonArray());
    const QStringList clusterIps = effectiveClusterIps(spec);
    const bool headless = isHeadless(clusterIps);
    const QStringList externalIps = r.stringList(QLatin1String("externalIPs"));

    if (ports.isEmpty() && !headless && type != QLatin1String("ExternalName"))
        errs << FieldError::required(r.path(u"ports"));
    if (headless && (type == QLatin1String("LoadBalancer") || type == QLatin1String("NodePort")))
        errs << FieldError::invalid(QStringLiteral("spec.clusterIPs[0]"), clusterIps.first(),
                                    QStringLiteral("may not be set to 'None' for %1 services").arg(type));
    if (type == QLatin1String("ExternalName")) {
        if (!clusterIps.isEmpty())
            errs << FieldError::forbidden(r.path(u"clusterIPs"),
                                          QStringLiteral("may not be set for ExternalName services"));
        for (const char *key : {"ipFamilies", "ipFamilyPolicy"})
            if (r.has(QLatin1String(key)))
                errs << FieldError::forbidden(r.path(QLatin1String(key)),
                                              QStringLiteral("may not be set for ExternalName services"));
        QString cname = r.string(QLatin1String("externalName"));
        if (cname.endsWith(QLatin1Char('.'))) // a trailing dot marks a fully qualified CNAME
            cname.chop(1);
        if (cname.isEmpty())
            errs << FieldError::required(r.path(u"externalName"));
        else
            errs += validateDns1123Subdomain(cname, r.path(u"externalName"));
    }
    validateServicePorts(ports, type, errs);
    errs += validateLabels(spec.value(QLatin1String("selector")), r.path(u"selector"));
    validateSessionAffinity(r, errs);
    if (type != QLatin1String("ExternalName"))
        validateClusterIps(spec, errs);
    for (qsizetype i = 0; i < externalIps.size(); ++i)
        errs += invalidEach(indexPath(r.path(u"externalIPs"), i), externalIps.at(i), isValidIp(externalIps.at(i)));

    static const QStringList types{QStringLiteral("ClusterIP"), QStringLiteral("ExternalName"),
                                   QStringLiteral("LoadBalancer"), QStringLiteral("NodePort")};
    if (type.isEmpty())
        errs << FieldError::required(r.path(u"type"));
    else if (!types.contains(type))
        errs << FieldError::notSupported(r.path(u"type"), type, types);

    const bool loadBalancer = type == QLatin1String("LoadBalancer");
    if (r.has(QLatin1String("allocateLoadBalancerNodePorts")) && !loadBalancer)
        errs << FieldError::forbidden(r.path(u"allocateLoadBalancerNodePorts"),
                                      QStringLiteral("may only be used when `type` is 'LoadBalancer'"));
    if (loadBalancer && !r.has(QLatin1String("allocateLoadBalancerNodePorts")))
        errs << FieldError::required(r.path(u"allocateLoadBalancerNodePorts"));
    if (r.has(QLatin1String("loadBalancerClass")) && !loadBalancer)
        errs << FieldError::forbidden(r.path(u"loadBalancerClass"),
                                      QStringLiteral("may only be used when `type` is 'LoadBalancer'"));
    const bool externallyAccessible = loadBalancer || type == QLatin1String("NodePort") ||
                                      (type == QLatin1String("ClusterIP") && !externalIps.isEmpty());
    validateTrafficPolicies(r, type, externallyAccessible, errs);
    return errs;
}

FieldErrors validateServiceUpdate(const Object &newService, const Object &oldService)
{
    FieldErrors errs = validateService(newService);
    const QJsonObject newSpec = newService.spec();
    const QJsonObject oldSpec = oldService.spec();
    const QLatin1String externalName("ExternalName");
    if (newSpec.value(QLatin1String("type")).toString() == externalName ||
        oldSpec.value(QLatin1String("type")).toString() == externalName)
        return errs;
    const QStringList newIps = effectiveClusterIps(newSpec);
    const QStringList oldIps = effectiveClusterIps(oldSpec);
    if (isHeadless(newIps) && isHeadless(oldIps))
        return errs;
    // An empty cluster IP in the request is the stored one carried over by the API server.
    if (!newIps.isEmpty() && !oldIps.isEmpty() && newIps.first() != oldIps.first())
        errs << FieldError::invalid(QStringLiteral("spec.clusterIPs[0]"), QJsonArray::fromStringList(newIps),
                                    QStringLiteral("may not change once set"));
    return errs;
}

FieldErrors validateEndpoints(const Object &endpoints)
{
    FieldErrors errs = validateObjectMeta(endpoints.metadata(), true, nameIsDnsSubdomain);
    const QString subsetsPath = QStringLiteral("subsets");
    const QJsonArray subsets = endpoints.json().value(QLatin1String("subsets")).toArray();
    for (qsizetype i = 0; i < subsets.size(); ++i) {
        FieldReader r(subsets.at(i).toObject(), indexPath(subsetsPath, i), errs);
        const QJsonArray addresses = r.array(QLatin1String("addresses")).value_or(QJsonArray());
        const QJsonArray notReady = r.array(QLatin1String("notReadyAddresses")).value_or(QJsonArray());
        const QJsonArray ports = r.array(QLatin1String("ports")).value_or(QJsonArray());
        if (addresses.isEmpty() && notReady.isEmpty())
            errs << FieldError::required(r.path(), QStringLiteral("must specify `addresses` or `notReadyAddresses`"));
        for (qsizetype a = 0; a < addresses.size(); ++a)
            validateEndpointAddress(addresses.at(a).toObject(), indexPath(r.path(u"addresses"), a), errs);
        for (qsizetype a = 0; a < notReady.size(); ++a)
            validateEndpointAddress(notReady.at(a).toObject(), indexPath(r.path(u"notReadyAddresses"), a), errs);
        for (qsizetype p = 0; p < ports.size(); ++p)
            validateEndpointPort(ports.at(p).toObject(), ports.size() > 1, indexPath(r.path(u"ports"), p), errs);
    }
    return errs;
}

FieldErrors validateEndpointSlice(const Object &slice)
{
    static const QStringList addressTypes{QStringLiteral("FQDN"), QStringLiteral("IPv4"), QStringLiteral("IPv6")};
    FieldErrors errs = validateObjectMeta(slice.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(slice.json(), QString(), errs);
    const QString addressType = r.string(QLatin1String("addressType"));
    if (addressType.isEmpty())
        errs << FieldError::required(QStringLiteral("addressType"));
    else if (!addressTypes.contains(addressType))
        errs << FieldError::notSupported(QStringLiteral("addressType"), addressType, addressTypes);

    const QJsonArray endpoints = r.array(QLatin1String("endpoints")).value_or(QJsonArray());
    const bool tooManyEndpoints = endpoints.size() > 1000;
    if (tooManyEndpoints)
        errs << FieldError::tooMany(QStringLiteral("endpoints"), int(endpoints.size()), 1000);
    for (qsizetype i = 0; i < endpoints.size() && !tooManyEndpoints; ++i) {
        FieldReader e(endpoints.at(i).toObject(), indexPath(QStringLiteral("endpoints"), i), errs);
        const QStringList addresses = e.stringList(QLatin1String("addresses"));
        const QString addressesPath = e.path(u"addresses");
        if (addresses.isEmpty())
            errs << FieldError::required(addressesPath, QStringLiteral("must contain at least 1 address"));
        else if (addresses.size() > 100)
            errs << FieldError::tooMany(addressesPath, int(addresses.size()), 100);
        for (qsizetype a = 0; a < addresses.size(); ++a) {
            const QString &address = addresses.at(a);
            const QString p = indexPath(addressesPath, a);
            if (addressType == QLatin1String("IPv4") && (!isValidIp(address).isEmpty() || isIpv6(address)))
                errs << FieldError::invalid(p, address, QStringLiteral("must be a valid IPv4 address"));
            else if (addressType == QLatin1String("IPv6") && (!isValidIp(address).isEmpty() || !isIpv6(address)))
                errs << FieldError::invalid(p, address, QStringLiteral("must be a valid IPv6 address"));
            else if (addressType == QLatin1String("FQDN"))
                errs += invalidEach(p, address, isFullyQualifiedDomainName(address));
        }
        if (e.has(QLatin1String("hostname")))
            errs += validateDns1123Label(e.string(QLatin1String("hostname")), e.path(u"hostname"));
        if (e.has(QLatin1String("nodeName"))) {
            const QString nodeName = e.string(QLatin1String("nodeName"));
            errs += invalidEach(e.path(u"nodeName"), nodeName, nameIsDnsSubdomain(nodeName, false));
        }
    }

    const QJsonArray ports = r.array(QLatin1String("ports")).value_or(QJsonArray());
    const bool tooManyPorts = ports.size() > 100;
    if (tooManyPorts)
        errs << FieldError::tooMany(QStringLiteral("ports"), int(ports.size()), 100);
    QSet<QString> names;
    for (qsizetype i = 0; i < ports.size() && !tooManyPorts; ++i) {
        FieldReader p(ports.at(i).toObject(), indexPath(QStringLiteral("ports"), i), errs);
        const QString name = p.string(QLatin1String("name"));
        if (!name.isEmpty())
            errs += validateDns1123Label(name, p.path(u"name"));
        if (names.contains(name))
            errs << FieldError::duplicate(p.path(u"name"), name);
        names.insert(name);
        validateProtocol(p, errs);
        if (const auto number = p.integer(QLatin1String("port")))
            errs += invalidEach(p.path(u"port"), *number, isValidPortNum(*number));
        if (p.has(QLatin1String("appProtocol")))
            errs += validateQualifiedName(p.string(QLatin1String("appProtocol")), p.path(u"appProtocol"));
    }
    return errs;
}

FieldErrors validateEndpointSliceUpdate(const Object &newSlice, const Object &oldSlice)
{
    FieldErrors errs = validateEndpointSlice(newSlice);
    const QJsonValue newType = newSlice.json().value(QLatin1String("addressType"));
    if (newType != oldSlice.json().value(QLatin1String("addressType")))
        errs << FieldError::invalid(QStringLiteral("addressType"), newType, kImmutable);
    return errs;
}

} // namespace tugboat::api
