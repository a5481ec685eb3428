#include "nodeselector.h"

#include <QJsonObject>

namespace tugboat::scheduler {

namespace {

using api::Error;
using api::ErrorCode;
using api::Result;

Result<QList<NodeSelectorRequirement>> requirementsFromJson(const QJsonArray &array, bool fields)
{
    QList<NodeSelectorRequirement> out;
    for (const QJsonValue &v : array) {
        const QJsonObject r = v.toObject();
        NodeSelectorRequirement req;
        req.key = r.value(QLatin1String("key")).toString();
        const QString op = r.value(QLatin1String("operator")).toString();
        for (const QJsonValue &value : r.value(QLatin1String("values")).toArray())
            req.values.append(value.toString());
        if (op == QLatin1String("In"))
            req.op = NodeSelectorRequirement::Op::In;
        else if (op == QLatin1String("NotIn"))
            req.op = NodeSelectorRequirement::Op::NotIn;
        else if (op == QLatin1String("Exists") && !fields)
            req.op = NodeSelectorRequirement::Op::Exists;
        else if (op == QLatin1String("DoesNotExist") && !fields)
            req.op = NodeSelectorRequirement::Op::DoesNotExist;
        else if ((op == QLatin1String("Gt") || op == QLatin1String("Lt")) && !fields) {
            req.op = op == QLatin1String("Gt") ? NodeSelectorRequirement::Op::Gt : NodeSelectorRequirement::Op::Lt;
            bool ok = req.values.size() == 1;
            if (ok)
                req.number = req.values.first().toLongLong(&ok);
            if (!ok)
                return Error(ErrorCode::Invalid,
                             QStringLiteral("%1: Invalid value: %2: must be a single integer for %3")
                                 .arg(req.key, req.values.join(QLatin1Char(',')), op));
        } else {
            return Error(ErrorCode::Invalid, QStringLiteral("%1 is not a valid node selector operator").arg(op));
        }
        if (fields && req.key != QLatin1String("metadata.name"))
            return Error(ErrorCode::Invalid, QStringLiteral("%1 is not a valid field selector key").arg(req.key));
        out.append(std::move(req));
    }
    return out;
}

} // namespace

bool NodeSelectorRequirement::matchesLabels(const api::StringMap &labels) const
{
    const auto it = labels.constFind(key);
    const bool has = it != labels.constEnd();
    switch (op) {
    case Op::In:
        return has && values.contains(*it);
    case Op::NotIn:
        return !has || !values.contains(*it);
    case Op::Exists:
        return has;
    case Op::DoesNotExist:
        return !has;
    case Op::Gt:
    case Op::Lt: {
        if (!has)
            return false;
        bool ok = false;
        const qint64 v = it->toLongLong(&ok);
        return ok && (op == Op::Gt ? v > number : v < number);
    }
    }
    return false;
}

bool NodeSelectorRequirement::matchesName(const QString &nodeName) const
{
    return op == Op::In ? values.contains(nodeName) : !values.contains(nodeName);
}

bool NodeSelectorTerm::matches(const api::StringMap &labels, const QString &nodeName) const
{
    if (matchExpressions.isEmpty() && matchFields.isEmpty())
        return false;
    for (const NodeSelectorRequirement &r : matchExpressions)
        if (!r.matchesLabels(labels))
            return false;
    for (const NodeSelectorRequirement &r : matchFields)
        if (!r.matchesName(nodeName))
            return false;
    return true;
}

Result<NodeSelectorTerm> NodeSelector::termFromJson(const QJsonObject &term)
{
    auto expressions = requirementsFromJson(term.value(QLatin1String("matchExpressions")).toArray(), false);
    if (!expressions)
        return expressions.error();
    auto fields = requirementsFromJson(term.value(QLatin1String("matchFields")).toArray(), true);
    if (!fields)
        return fields.error();
    return NodeSelectorTerm{std::move(*expressions), std::move(*fields)};
}

Result<NodeSelector> NodeSelector::fromJson(const QJsonObject &selector)
{
    NodeSelector out;
    out.m_null = false;
    for (const QJsonValue &v : selector.value(QLatin1String("nodeSelectorTerms")).toArray()) {
        auto term = termFromJson(v.toObject());
        if (!term)
            return term.error();
        out.m_terms.append(std::move(*term));
    }
    return out;
}

bool NodeSelector::matches(const api::StringMap &labels, const QString &nodeName) const
{
    if (m_null)
        return true;
    for (const NodeSelectorTerm &t : m_terms)
        if (t.matches(labels, nodeName))
            return true;
    return false;
}

} // namespace tugboat::scheduler
