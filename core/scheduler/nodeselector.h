// Node selector terms (core/v1 NodeSelector, NodeSelectorTerm, PreferredSchedulingTerm) parsed once per
// pod and matched against a node's labels and name, as Kubernetes' nodeaffinity.NodeSelector does:
// terms are ORed, a term's requirements ANDed; a term with no requirements matches nothing; In/NotIn/
// Exists/DoesNotExist/Gt/Lt on labels, and matchFields on metadata.name (In/NotIn only).
//
// Value types; thread-safe for concurrent const use.
#pragma once

#include "api/object.h"
#include "api/result.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace tugboat::scheduler {

struct NodeSelectorRequirement {
    enum class Op { In, NotIn, Exists, DoesNotExist, Gt, Lt };
    QString key;
    Op op = Op::In;
    QStringList values;
    qint64 number = 0; // Gt/Lt: the one value, parsed

    bool matchesLabels(const api::StringMap &labels) const;
    bool matchesName(const QString &nodeName) const; // matchFields, key metadata.name
};

struct NodeSelectorTerm {
    QList<NodeSelectorRequirement> matchExpressions;
    QList<NodeSelectorRequirement> matchFields;

    bool matches(const api::StringMap &labels, const QString &nodeName) const;
};

struct PreferredTerm {
    qint32 weight = 0;
    NodeSelectorTerm term;
};

class NodeSelector {
public:
    // An absent selector (isNull) matches every node.
    NodeSelector() = default;
    // nodeSelectorTerms; fails (Invalid) on an unknown operator, a bad Gt/Lt value or a field other than
    // metadata.name, as the API server's validation would have.
    static api::Result<NodeSelector> fromJson(const QJsonObject &selector);
    static api::Result<NodeSelectorTerm> termFromJson(const QJsonObject &term);

    bool isNull() const { return m_null; }
    bool matches(const api::StringMap &labels, const QString &nodeName) const;

private:
    bool m_null = true;
    QList<NodeSelectorTerm> m_terms;
};

} // namespace tugboat::scheduler
