#include "taint.h"

namespace tugboat::api {

Taint::Effect Taint::effectFromString(QStringView effect)
{
    if (effect == u"NoSchedule")
        return Effect::NoSchedule;
    if (effect == u"PreferNoSchedule")
        return Effect::PreferNoSchedule;
    if (effect == u"NoExecute")
        return Effect::NoExecute;
    return Effect::Other;
}

QString Taint::effectName(Effect effect)
{
    switch (effect) {
    case Effect::NoSchedule:
        return QStringLiteral("NoSchedule");
    case Effect::PreferNoSchedule:
        return QStringLiteral("PreferNoSchedule");
    case Effect::NoExecute:
        return QStringLiteral("NoExecute");
    case Effect::Other:
        break;
    }
    return {};
}

Taint Taint::fromJson(const QJsonObject &t)
{
    return {t.value(QLatin1String("key")).toString(), t.value(QLatin1String("value")).toString(),
            effectFromString(t.value(QLatin1String("effect")).toString()),
            t.value(QLatin1String("timeAdded")).toString()};
}

QList<Taint> Taint::fromJson(const QJsonArray &taints)
{
    QList<Taint> out;
    out.reserve(taints.size());
    for (const QJsonValue &v : taints)
        out.append(fromJson(v.toObject()));
    return out;
}

QJsonObject Taint::toJson() const
{
    QJsonObject t{{QStringLiteral("key"), key}, {QStringLiteral("effect"), effectName(effect)}};
    if (!value.isEmpty())
        t.insert(QStringLiteral("value"), value);
    if (!timeAdded.isEmpty())
        t.insert(QStringLiteral("timeAdded"), timeAdded);
    return t;
}

QList<Toleration> Toleration::fromJson(const QJsonArray &tolerations)
{
    QList<Toleration> out;
    out.reserve(tolerations.size());
    for (const QJsonValue &v : tolerations) {
        const QJsonObject t = v.toObject();
        Toleration tol;
        tol.key = t.value(QLatin1String("key")).toString();
        tol.exists = t.value(QLatin1String("operator")).toString() == QLatin1String("Exists");
        tol.value = t.value(QLatin1String("value")).toString();
        const QString effect = t.value(QLatin1String("effect")).toString();
        tol.anyEffect = effect.isEmpty();
        if (!tol.anyEffect)
            tol.effect = Taint::effectFromString(effect);
        const QJsonValue seconds = t.value(QLatin1String("tolerationSeconds"));
        if (seconds.isDouble())
            tol.tolerationSeconds = seconds.toInteger();
        out.append(tol);
    }
    return out;
}

// As Toleration.ToleratesTaint: the effect must match unless the toleration names none; an empty key
// with Exists matches every key; Exists ignores the value, Equal compares it.
bool Toleration::tolerates(const Taint &taint) const
{
    if (!anyEffect && effect != taint.effect)
        return false;
    if (!key.isEmpty() && key != taint.key)
        return false;
    return exists || value == taint.value;
}

bool tolerated(const QList<Toleration> &tolerations, const Taint &taint)
{
    return firstTolerating(tolerations, taint) != nullptr;
}

const Toleration *firstTolerating(const QList<Toleration> &tolerations, const Taint &taint)
{
    for (const Toleration &t : tolerations)
        if (t.tolerates(taint))
            return &t;
    return nullptr;
}

} // namespace tugboat::api
