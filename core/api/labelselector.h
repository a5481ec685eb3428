// Label selectors as Kubernetes defines them: equality- and set-based requirements, in object form
// (metav1.LabelSelector: matchLabels/matchExpressions) and string form
// ("app=web,tier!=db,env in (a,b),!legacy"): parse, validate, print and match.
//
// Value type; thread-safe for concurrent const use.
#pragma once

#include "names.h" // the label key and value checks, isQualifiedName and isValidLabelValue
#include "object.h"
#include "result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tugboat::api {

struct LabelRequirement {
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    QString key;
    Op op = Op::Equals;
    QStringList values; // one for Equals/NotEquals, one or more for In/NotIn, none otherwise

    bool matches(const StringMap &labels) const;
    QString toString() const; // "app=web", "env in (a,b)", "!legacy"
};

class LabelSelector {
public:
    // The empty selector matches everything. A "nothing" selector (Kubernetes' labels.Nothing(), used
    // for a null metav1.LabelSelector) matches no object.
    LabelSelector() = default;
    static LabelSelector everything() { return {}; }
    static LabelSelector nothing();

    // String form, as labels.Parse accepts it, with its error messages (BadRequest), e.g.
    //   unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt
    // Two differences: "==" is kept as Equals and so prints as "=", and Kubernetes' numeric "x>1" and
    // "x<1" (Gt, Lt) are rejected, since LabelRequirement has no numeric operators.
    static Result<LabelSelector> parse(QStringView text);
    // Object form (matchLabels + matchExpressions). `fieldPath` prefixes field errors, e.g.
    // "spec.selector". An empty object matches everything; callers map a null selector to nothing().
    // An invalid selector fails with ErrorCode::Invalid carrying validateObject()'s errors as causes.
    static Result<LabelSelector> fromObject(const QJsonObject &selector, const QString &fieldPath = {});
    // Field errors of an object-form selector (keys, values, operators), without building it.
    static FieldErrors validateObject(const QJsonObject &selector, const QString &fieldPath);
    static LabelSelector fromMatchLabels(const StringMap &labels);

    bool matches(const StringMap &labels) const;
    bool matchesEverything() const { return !m_nothing && m_requirements.isEmpty(); }
    bool matchesNothing() const { return m_nothing; }
    const QList<LabelRequirement> &requirements() const { return m_requirements; }

    // Canonical string form, requirements sorted by key as Kubernetes prints them.
    QString toString() const;
    bool operator==(const LabelSelector &other) const = default;

private:
    QList<LabelRequirement> m_requirements;
    bool m_nothing = false;
};

inline bool operator==(const LabelRequirement &a, const LabelRequirement &b)
{
    return a.key == b.key && a.op == b.op && a.values == b.values;
}

} // namespace tugboat::api
