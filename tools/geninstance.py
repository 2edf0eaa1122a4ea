#!/usr/bin/python3
"""geninstance.py - seeded staffplan instance generator.

Writes plan.ini, forecast.csv, agents.csv and availability.csv for one of
the built-in sizes into a directory:

    /usr/bin/python3 tools/geninstance.py --size example --seed 20261130 --out data/example

Sizes
    example      the bundled week: Singapore hub, 6 languages, chat/email/security,
                 60-minute intervals, 2026-11-30 .. 2026-12-06
    tiny         3 days, 2 languages, chat + email, 8 agents (end-to-end tests)
    dst-london   Europe/London, 2027-03-22 .. 2027-03-28 (clocks go forward Sunday)
    dst-newyork  America/New_York, 2026-10-26 .. 2026-11-01 (clocks go back Sunday)
    M            200 agents, 6 languages, 3 queues, 60-minute intervals
    L            2,000 agents, 12 languages, 3 queues, 30-minute intervals
    XL           10,000 agents, 20 languages, 3 queues, 15-minute intervals
    S-scarce     15 agents, 2 languages, chat + e-mail, 60-minute intervals, short at peaks
    M-scarce     200 agents, 6 languages, 3 queues, 60-minute intervals, short at peaks
    M15-scarce   M-scarce in 15-minute intervals, starts every 15 minutes
    L-scarce     2,000 agents, 12 languages, 3 queues, 30-minute intervals, short at peaks

--weeks N repeats the week N times (demand, leave, training and wishes the
same each week; weekly contracts as they are): a horizon of N weeks.  The
output depends only on --size, --seed and --weeks: the demand draws come from
random.Random(seed) and the agent draws from random.Random(seed * 7919 + 1),
each in a fixed order (never the global generator), and every list is
written in a fixed order.  Python 3 standard library only.

Demand model.  Each language has customer regions (time zone, weight).  The
contacts of an interval are the sum over regions of a daily curve read at the
region's local clock (night trough, morning peak, smaller afternoon and
evening humps), lower at the region's weekend, times a small random factor,
times event factors (a feature launch, a network-congestion evening, a
phishing wave).  Chat in small languages is offered during each region's
service hours; e-mail arrives around the clock but is worked in business
hours, so the overnight backlog is released when the desk opens.  The
security queue is a steady trickle (with bursts) around the clock in the
languages that have a security rota.

Calibration.  The volumes are scaled so that the total required agent-hours
(Erlang C per interval, queue and language, divided by 1 - shrinkage) come
to a target share of the agents' total max_hours (about two thirds), while
the peak of the summed requirement stays within a share of the headcount
(half, unless the size says otherwise).  The same Erlang C is the
sanity check printed on stderr: required agent-hours, capacity, the share,
the floor that the minimum of one agent per open cell already costs, the
peak requirement, and per language required hours against the max_hours of
the agents who speak it.
"""

import argparse
import csv
import datetime as dt
import io
import math
import os
import random
import sys
import unicodedata
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc

# --------------------------------------------------------------------------
# Languages: customer regions (tz, weight), where agents live (tz, weight),
# chat hours ("24x7" or local open/close hour per region), e-mail weekend
# service, names.
# --------------------------------------------------------------------------

LANGS = {
    'zh': dict(regions=[('Asia/Shanghai', 0.85), ('Asia/Singapore', 0.15)],
               agent_tz=[('Asia/Shanghai', 0.62), ('Asia/Singapore', 0.14),
                         ('Europe/London', 0.12), ('America/Vancouver', 0.12)],
               chat='24x7', email_weekend=True, names='zh'),
    'en': dict(regions=[('Europe/London', 0.35), ('America/New_York', 0.35),
                        ('Asia/Singapore', 0.15), ('Australia/Sydney', 0.15)],
               agent_tz=[('Europe/London', 0.28), ('America/New_York', 0.22),
                         ('Asia/Manila', 0.2), ('Asia/Singapore', 0.15),
                         ('Europe/Dublin', 0.08), ('Australia/Sydney', 0.07)],
               chat='24x7', email_weekend=True, names='en'),
    'ko': dict(regions=[('Asia/Seoul', 1.0)],
               agent_tz=[('Asia/Seoul', 0.85), ('America/Los_Angeles', 0.15)],
               chat=(7, 24), names='ko'),
    'ja': dict(regions=[('Asia/Tokyo', 1.0)],
               agent_tz=[('Asia/Tokyo', 0.85), ('Asia/Singapore', 0.15)],
               chat=(7, 24), names='ja'),
    'vi': dict(regions=[('Asia/Ho_Chi_Minh', 1.0)],
               agent_tz=[('Asia/Ho_Chi_Minh', 1.0)],
               chat=(7, 23), names='vi'),
    'es': dict(regions=[('Europe/Madrid', 0.4), ('America/Mexico_City', 0.6)],
               agent_tz=[('Europe/Madrid', 0.45), ('America/Mexico_City', 0.45),
                         ('America/Bogota', 0.10)],
               chat=(8, 23), names='es'),
    'pt': dict(regions=[('America/Sao_Paulo', 0.85), ('Europe/Lisbon', 0.15)],
               agent_tz=[('America/Sao_Paulo', 0.8), ('Europe/Lisbon', 0.2)],
               chat=(8, 23), names='pt'),
    'ru': dict(regions=[('Europe/Moscow', 1.0)], agent_tz=[('Europe/Moscow', 0.7), ('Asia/Almaty', 0.3)],
               chat=(8, 23), names='ru'),
    'tr': dict(regions=[('Europe/Istanbul', 1.0)], agent_tz=[('Europe/Istanbul', 1.0)],
               chat=(8, 23), names='tr'),
    'id': dict(regions=[('Asia/Jakarta', 1.0)], agent_tz=[('Asia/Jakarta', 1.0)],
               chat=(7, 23), names='id'),
    'th': dict(regions=[('Asia/Bangkok', 1.0)], agent_tz=[('Asia/Bangkok', 1.0)],
               chat=(8, 23), names='th'),
    'zh-Hant': dict(regions=[('Asia/Taipei', 0.6), ('Asia/Hong_Kong', 0.4)],
                    agent_tz=[('Asia/Taipei', 0.6), ('Asia/Hong_Kong', 0.4)],
                    chat=(8, 24), names='zh-Hant'),
    'de': dict(regions=[('Europe/Berlin', 1.0)], agent_tz=[('Europe/Berlin', 0.7), ('Europe/Vienna', 0.3)],
               chat=(8, 22), names='de'),
    'fr': dict(regions=[('Europe/Paris', 0.8), ('America/Toronto', 0.2)],
               agent_tz=[('Europe/Paris', 0.7), ('Africa/Casablanca', 0.3)],
               chat=(8, 22), names='fr'),
    'ar': dict(regions=[('Asia/Dubai', 0.5), ('Asia/Riyadh', 0.5)],
               agent_tz=[('Asia/Dubai', 0.6), ('Africa/Cairo', 0.4)],
               chat=(9, 24), names='ar'),
    'hi': dict(regions=[('Asia/Kolkata', 1.0)], agent_tz=[('Asia/Kolkata', 1.0)],
               chat=(8, 23), names='hi'),
    'it': dict(regions=[('Europe/Rome', 1.0)], agent_tz=[('Europe/Rome', 1.0)],
               chat=(8, 22), names='it'),
    'pl': dict(regions=[('Europe/Warsaw', 1.0)], agent_tz=[('Europe/Warsaw', 1.0)],
               chat=(8, 22), names='pl'),
    'uk': dict(regions=[('Europe/Kyiv', 1.0)], agent_tz=[('Europe/Kyiv', 0.8), ('Europe/Warsaw', 0.2)],
               chat=(8, 22), names='uk'),
    'fil': dict(regions=[('Asia/Manila', 1.0)], agent_tz=[('Asia/Manila', 1.0)],
                chat=(8, 24), names='fil'),
}

LANG_ORDER_12 = ['zh', 'en', 'ko', 'ja', 'vi', 'es', 'pt', 'ru', 'tr', 'id', 'th', 'zh-Hant']
LANG_ORDER_20 = LANG_ORDER_12 + ['de', 'fr', 'ar', 'hi', 'it', 'pl', 'uk', 'fil']

# Relative contact volume of a customer region by local hour (weekday).
CHAT_SHAPE = [0.32, 0.22, 0.16, 0.13, 0.12, 0.16, 0.30, 0.60, 0.95, 1.25, 1.30, 1.18,
              1.02, 1.00, 1.06, 1.08, 1.02, 0.96, 0.92, 0.98, 1.04, 0.98, 0.78, 0.52]
EMAIL_SHAPE = [0.40, 0.30, 0.25, 0.22, 0.22, 0.28, 0.42, 0.70, 1.00, 1.10, 1.10, 1.02,
               0.92, 0.96, 1.00, 1.00, 0.95, 0.90, 0.82, 0.78, 0.72, 0.66, 0.56, 0.46]
CHAT_WEEKEND = {5: 0.80, 6: 0.72}     # Saturday, Sunday
EMAIL_WEEKEND = {5: 0.55, 6: 0.50}
EMAIL_HOURS = (9, 18)                  # weekdays, region local time
EMAIL_WEEKEND_HOURS = (10, 17)         # for languages with weekend e-mail service

# --------------------------------------------------------------------------
# Names (display, romanised for the e-mail address)
# --------------------------------------------------------------------------

NAMES = {
    'zh': dict(order='family-given-nospace',
               family=[('王', 'wang'), ('李', 'li'), ('张', 'zhang'), ('刘', 'liu'), ('陈', 'chen'),
                       ('杨', 'yang'), ('黄', 'huang'), ('赵', 'zhao'), ('吴', 'wu'), ('周', 'zhou'),
                       ('徐', 'xu'), ('孙', 'sun'), ('马', 'ma'), ('朱', 'zhu'), ('胡', 'hu'),
                       ('郭', 'guo'), ('林', 'lin'), ('欧阳', 'ouyang')],
               given=[('伟', 'wei'), ('芳', 'fang'), ('娜', 'na'), ('敏', 'min'), ('静', 'jing'),
                      ('磊', 'lei'), ('洋', 'yang'), ('艳', 'yan'), ('杰', 'jie'), ('涛', 'tao'),
                      ('晓东', 'xiaodong'), ('子涵', 'zihan'), ('浩然', 'haoran'), ('雨桐', 'yutong'),
                      ('思远', 'siyuan'), ('佳怡', 'jiayi'), ('俊熙', 'junxi'), ('梓萱', 'zixuan')]),
    'zh-Hant': dict(order='family-given-nospace',
                    family=[('陳', 'chen'), ('林', 'lin'), ('黃', 'huang'), ('張', 'chang'), ('李', 'lee'),
                            ('王', 'wong'), ('吳', 'wu'), ('劉', 'liu'), ('蔡', 'tsai'), ('楊', 'yang')],
                    given=[('志明', 'chihming'), ('淑芬', 'shufen'), ('家豪', 'kaho'), ('美玲', 'meiling'),
                           ('俊傑', 'chunchieh'), ('詠琪', 'wingkei'), ('冠宇', 'kuanyu'), ('怡君', 'yichun')]),
    'ko': dict(order='family-given-nospace',
               family=[('김', 'kim'), ('이', 'lee'), ('박', 'park'), ('최', 'choi'), ('정', 'jung'),
                       ('강', 'kang'), ('조', 'cho'), ('윤', 'yoon'), ('장', 'jang'), ('임', 'lim')],
               given=[('민준', 'minjun'), ('서연', 'seoyeon'), ('지훈', 'jihoon'), ('하은', 'haeun'),
                      ('도윤', 'doyun'), ('수아', 'sua'), ('예준', 'yejun'), ('지우', 'jiwoo'),
                      ('현우', 'hyunwoo'), ('지민', 'jimin'), ('서준', 'seojun'), ('유나', 'yuna')]),
    'ja': dict(order='family-given-space',
               family=[('佐藤', 'sato'), ('鈴木', 'suzuki'), ('高橋', 'takahashi'), ('田中', 'tanaka'),
                       ('伊藤', 'ito'), ('渡辺', 'watanabe'), ('山本', 'yamamoto'), ('中村', 'nakamura'),
                       ('小林', 'kobayashi'), ('加藤', 'kato'), ('吉田', 'yoshida'), ('松本', 'matsumoto')],
               given=[('健', 'ken'), ('花子', 'hanako'), ('翔太', 'shota'), ('陽菜', 'hina'),
                      ('大輝', 'daiki'), ('美咲', 'misaki'), ('拓海', 'takumi'), ('さくら', 'sakura'),
                      ('蓮', 'ren'), ('結衣', 'yui'), ('ゆうと', 'yuto'), ('愛', 'ai')]),
    'vi': dict(order='family-middle-given',
               family=['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'],
               middle=['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Quốc', 'Thu'],
               given=['An', 'Bích', 'Cường', 'Dũng', 'Hà', 'Hương', 'Khánh', 'Linh', 'Long', 'Mai',
                      'Nam', 'Phương', 'Quân', 'Thảo', 'Tuấn', 'Yến', 'Đạt', 'Hiếu']),
    'es': dict(order='given-family2',
               given=['José', 'María', 'Lucía', 'Alejandro', 'Sofía', 'Javier', 'Camila', 'Diego',
                      'Valentina', 'Andrés', 'Inés', 'Mateo', 'Ximena', 'Íñigo', 'Begoña', 'Raúl'],
               family=['García', 'Fernández', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Núñez',
                       'Álvarez', 'Muñoz', 'Ramírez', 'Torres', 'Peña', 'Ibáñez', 'Castillo', 'Ortega']),
    'en': dict(order='given-family',
               given=['Oliver', 'Amelia', 'James', 'Charlotte', 'Liam', 'Olivia', 'Noah', 'Emma',
                      'Siobhán', 'Chloé', 'Zoë', 'Aidan', 'Priya', 'Kwame', 'Fatima', 'Rhys',
                      'Maya', 'Ethan', 'Grace', 'Marcus'],
               family=['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', "O'Brien", 'Davies', 'Evans',
                       'Walker', 'Okafor', 'Patel', 'MacLeod', 'Wójcik', 'Reyes', 'Santos', 'Cruz',
                       'Thompson', 'Murphy', 'Adeyemi', 'Kowalski']),
    'pt': dict(order='given-family',
               given=['João', 'Ana', 'Luís', 'Beatriz', 'Gonçalo', 'Mariana', 'Thiago', 'Letícia'],
               family=['Silva', 'Santos', 'Oliveira', 'Souza', 'Conceição', 'Araújo', 'Gonçalves', 'Simões']),
    'ru': dict(order='given-family',
               given=['Алексей', 'Мария', 'Дмитрий', 'Анна', 'Сергей', 'Ольга', 'Иван', 'Екатерина'],
               family=['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков']),
    'uk': dict(order='given-family',
               given=['Олександр', 'Оксана', 'Андрій', 'Ірина', 'Богдан', 'Наталія', 'Тарас', 'Юлія'],
               family=['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Мельник', 'Бойко', 'Лисенко']),
    'tr': dict(order='given-family',
               given=['Mehmet', 'Ayşe', 'Mustafa', 'Fatma', 'Emre', 'Zeynep', 'Çağrı', 'Gülşen'],
               family=['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın']),
    'id': dict(order='given-family',
               given=['Budi', 'Siti', 'Agus', 'Dewi', 'Rizky', 'Putri', 'Eko', 'Ayu'],
               family=['Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Kusuma', 'Pratama', 'Lestari', 'Nugroho']),
    'th': dict(order='given-family',
               given=['สมชาย', 'สมหญิง', 'อนุชา', 'กนกวรรณ', 'ธนพล', 'ปิยะนุช'],
               family=['ศรีสุข', 'ใจดี', 'วงศ์ไทย', 'สุขสวัสดิ์', 'ทองดี', 'แก้วมณี']),
    'de': dict(order='given-family',
               given=['Lukas', 'Hannah', 'Jörg', 'Lea', 'Felix', 'Sophie', 'Jürgen', 'Anneliese'],
               family=['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Groß', 'Köhler', 'Bäcker']),
    'fr': dict(order='given-family',
               given=['Léa', 'Théo', 'Camille', 'Hugo', 'Zoé', 'Benoît', 'Élodie', 'Noël'],
               family=['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Rousseau', 'Bélanger']),
    'ar': dict(order='given-family',
               given=['محمد', 'فاطمة', 'أحمد', 'مريم', 'عمر', 'ليلى'],
               family=['الحسن', 'العلي', 'المنصور', 'الشامي', 'الخطيب', 'النجار']),
    'hi': dict(order='given-family',
               given=['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Saanvi', 'राहुल', 'प्रिया'],
               family=['Sharma', 'Verma', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'शर्मा', 'पटेल']),
    'it': dict(order='given-family',
               given=['Giulia', 'Marco', 'Francesca', 'Niccolò', 'Chiara', 'Lorenzo'],
               family=['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'D\'Angelo']),
    'pl': dict(order='given-family',
               given=['Łukasz', 'Zofia', 'Paweł', 'Małgorzata', 'Michał', 'Agnieszka'],
               family=['Nowak', 'Kowalczyk', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Zieliński']),
    'fil': dict(order='given-family',
                given=['Jose', 'Maria', 'Juan', 'Angelica', 'Mark', 'Kristine', 'Paolo', 'Liezel'],
                family=['dela Cruz', 'Reyes', 'Santos', 'Bautista', 'Garcia', 'Mendoza', 'Aquino', 'Villanueva']),
}

# Names that always appear in the bundled example (CSV quoting tests).
SPECIAL_NAMES = {
    'en': [('Thomas Smith, Jr.', 'thomas.smith'), ('Alexandra "Sasha" Ivanova', 'sasha.ivanova')],
    'es': [('María José Núñez-Ibáñez', 'mariajose.nunez')],
}

TRANSLIT = {'đ': 'd', 'Đ': 'd', 'ł': 'l', 'Ł': 'l', 'ß': 'ss', 'ı': 'i'}


def ascii_slug(s):
    s = ''.join(TRANSLIT.get(c, c) for c in s)
    s = unicodedata.normalize('NFKD', s)
    out = []
    for c in s:
        if c.isascii() and (c.isalnum()):
            out.append(c.lower())
        elif c in ' -.\'' and out and out[-1] != '.':
            out.append('.' if c in ' -' else '')
    return ''.join(out).strip('.')


def make_name(rng, lang):
    """Returns (display name, romanised e-mail local part or '')."""
    spec = NAMES.get(lang) or NAMES['en']
    order = spec['order']
    if order in ('family-given-nospace', 'family-given-space'):
        f = rng.choice(spec['family'])
        g = rng.choice(spec['given'])
        sep = ' ' if order == 'family-given-space' else ''
        return f[0] + sep + g[0], g[1] + '.' + f[1]
    if order == 'family-middle-given':
        f = rng.choice(spec['family'])
        m = rng.choice(spec['middle'])
        g = rng.choice(spec['given'])
        return '%s %s %s' % (f, m, g), ascii_slug(g) + '.' + ascii_slug(f)
    if order == 'given-family2':
        g = rng.choice(spec['given'])
        f1 = rng.choice(spec['family'])
        f2 = rng.choice([x for x in spec['family'] if x != f1])
        return '%s %s %s' % (g, f1, f2), ascii_slug(g) + '.' + ascii_slug(f1)
    g = rng.choice(spec['given'])
    f = rng.choice(spec['family'])
    local = ascii_slug(g) + '.' + ascii_slug(f)
    if not any(c.isalpha() for c in local):
        local = ''
    return '%s %s' % (g, f), local


# --------------------------------------------------------------------------
# Erlang C (SPEC: Erlang B recursion; never factorials or powers)
# --------------------------------------------------------------------------

def erlang_n(lam, h, interval_s, t, target, maxocc):
    """Least N > A with SL(N) >= target and A/N <= maxocc; 0 when lam == 0."""
    if lam <= 0:
        return 0, 0.0
    a = lam * h / interval_s
    b = 1.0
    n = 0
    while True:
        n += 1
        b = a * b / (n + a * b)
        if n > a:
            c = n * b / (n - a * (1.0 - b))
            sl = 1.0 - c * math.exp(-(n - a) * t / h)
            if sl >= target and a / n <= maxocc:
                return n, a


class Service:
    KEYS = ('aht_seconds', 'target_service_level', 'target_answer_seconds',
            'max_occupancy', 'shrinkage', 'bot_deflection', 'concurrency')

    def __init__(self, base, over):
        for k in self.KEYS:
            setattr(self, k, float(over.get(k, base[k])))
        self.min_agents = float(over.get('min_agents', 0))
        self.restricted = str(over.get('restricted', 'false')) == 'true'

    def required(self, volume, aht, interval_s):
        lam = volume * (1.0 - self.bot_deflection)
        h = aht / self.concurrency
        n, _ = erlang_n(lam, h, interval_s, self.target_answer_seconds,
                        self.target_service_level, self.max_occupancy)
        return max(n, self.min_agents) / (1.0 - self.shrinkage), n


# --------------------------------------------------------------------------
# Size definitions
# --------------------------------------------------------------------------

SERVICE_DEFAULTS = dict(aht_seconds=300, target_service_level=0.80, target_answer_seconds=60,
                        max_occupancy=0.85, shrinkage=0.30, bot_deflection=0.0, concurrency=1)


# [shifts] of every benchmark desk but M15-scarce
BENCH_SHIFTS = [('lengths_hours', '4,6,8,10'), ('start_step_minutes', '60'),
                ('earliest_start', '00:00'), ('latest_start', '23:00'),
                ('break_minutes', '60'), ('break_after_hours', '6'),
                ('break_window_hours', '2,5'), ('min_rest_hours', '11'),
                ('max_consecutive_days', '6')]


def base_config(tz, interval, extra_costs=None, shifts=None, agents=None, solver=None):
    """plan.ini as an ordered list of (section, [(key, value)])."""
    cfg = [
        ('site', [('timezone', tz), ('interval_minutes', str(interval))]),
        ('service', [('aht_seconds', '300'), ('target_service_level', '0.80'),
                     ('target_answer_seconds', '60'), ('max_occupancy', '0.85'),
                     ('shrinkage', '0.30'), ('bot_deflection', '0.25'), ('concurrency', '1')]),
        ('queue.chat', [('aht_seconds', '480'), ('concurrency', '2'), ('bot_deflection', '0.30')]),
        ('queue.email', [('aht_seconds', '600'), ('target_answer_seconds', '3600'),
                         ('max_occupancy', '0.90'), ('bot_deflection', '0.15')]),
        ('queue.security', [('restricted', 'true'), ('aht_seconds', '900'),
                            ('target_service_level', '0.90'), ('target_answer_seconds', '30'),
                            ('bot_deflection', '0.0'), ('min_agents', '1')]),
        ('agents', agents or [('min_hours', '0'), ('max_hours', '40'), ('max_days', '5'),
                              ('cost_per_hour', '20'), ('min_consecutive_days_off', '2')]),
        ('shifts', shifts or BENCH_SHIFTS),
        ('costs', extra_costs or [('understaffing_penalty', '500'), ('preferred_off_penalty', '10'),
                                  ('night_premium', '0.25'), ('night_start', '22:00'),
                                  ('night_end', '06:00'), ('change_penalty', '50'),
                                  ('hire_cost_per_week', '1500')]),
        ('solver', solver or [('time_limit_seconds', '120'), ('mip_gap', '0.01')]),
    ]
    return cfg


SIZES = {
    'example': dict(
        title='Example week: multilingual self-custody wallet support desk, Singapore hub',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=60,
        langs=['zh', 'en', 'ko', 'ja', 'vi', 'es'],
        weights={'zh': 0.30, 'en': 0.26, 'ko': 0.15, 'ja': 0.11, 'vi': 0.10, 'es': 0.08},
        queues=['chat', 'email', 'security'], email_langs=None,
        # service windows in site time (SGT): chat in zh and en around the
        # clock, the others from their region's morning to late evening;
        # e-mail worked in business hours (weekends only zh and en)
        chat_hours={'ko': (7, 23), 'ja': (7, 23), 'vi': (8, 23), 'es': (15, 7)},
        email_hours={'zh': (9, 18), 'en': (15, 24), 'ko': (8, 17), 'ja': (8, 17),
                     'vi': (9, 18), 'es': (16, 1)},
        email_weekend_hours={'zh': (10, 16), 'en': (16, 22)},
        security_langs=['en', 'zh'], security_per_hour=0.22,
        agents=100, target=0.68, events='example', special_names=True,
        solver=[('time_limit_seconds', '50'), ('mip_gap', '0.01')]),
    'tiny': dict(
        title='Tiny: 3 days, 2 languages, chat and e-mail, 8 agents (end-to-end tests)',
        tz='Asia/Singapore', start=(2026, 11, 30), days=3, interval=60,
        langs=['en', 'zh'], weights={'en': 0.55, 'zh': 0.45},
        queues=['chat', 'email'], email_langs=['en'],
        chat_hours={'en': (8, 18), 'zh': (9, 15)},
        email_hours={'en': (10, 14)},
        extra_avail=[('A002', '2026-12-01T15:00', '2026-12-01T19:00', 'preferred_off'),
                     ('A004', '2026-12-02T06:00', '2026-12-02T10:00', 'preferred_off')],
        security_langs=[], agents=8, target=0.66, peak_share=0.7, events=None,
        contract_list=[dict(kind='FT', min_hours=16, max_hours=24, max_days=3, cost=None),
                       dict(kind='FT', min_hours=16, max_hours=24, max_days=3, cost=None),
                       dict(kind='FT', min_hours=16, max_hours=24, max_days=3, cost=22),
                       dict(kind='FT', min_hours=8, max_hours=24, max_days=3, cost=None),
                       dict(kind='FT', min_hours=8, max_hours=24, max_days=3, cost=None),
                       dict(kind='PT', min_hours=4, max_hours=16, max_days=2, cost=18),
                       dict(kind='PT', min_hours=0, max_hours=16, max_days=2, cost=18),
                       dict(kind='PT', min_hours=0, max_hours=16, max_days=2, cost=19)],
        shifts=[('lengths_hours', '4,8'), ('start_step_minutes', '60'),
                ('earliest_start', '06:00'), ('latest_start', '14:00'),
                ('break_minutes', '60'), ('break_after_hours', '6'),
                ('break_window_hours', '3,4'), ('min_rest_hours', '11'),
                ('max_consecutive_days', '6')],
        agent_defaults=[('min_hours', '0'), ('max_hours', '24'), ('max_days', '3'),
                        ('cost_per_hour', '20'), ('min_consecutive_days_off', '0')],
        # no shrinkage: requirements are whole agents, so the LP bound is
        # tight and the exact agent-level MIP solves in well under a second
        service_over=[('shrinkage', '0.0')],
        costs=[('understaffing_penalty', '500'), ('preferred_off_penalty', '10')],
        solver=[('time_limit_seconds', '30'), ('mip_gap', '0.0')]),
    'dst-london': dict(
        title='DST week in London: clocks go forward on Sunday 2027-03-28 at 01:00 GMT',
        tz='Europe/London', start=(2027, 3, 22), days=7, interval=60,
        langs=['en', 'zh'], weights={'en': 0.85, 'zh': 0.15},
        queues=['chat', 'email'], email_langs=['en'],
        lang_over={'en': dict(regions=[('Europe/London', 0.6), ('America/New_York', 0.25),
                                       ('Asia/Singapore', 0.15)], chat='24x7'),
                   'zh': dict(regions=[('Asia/Shanghai', 1.0)], chat=None)},
        # zh chat 00:00-08:00 London (08:00-16:00 in China): it spans the
        # missing hour on Sunday
        chat_hours={'zh': (0, 8)},
        # availability across the change: 00:00-03:00 local is two real hours
        extra_avail=[('A003', '2027-03-28T00:00', '2027-03-28T03:00', 'unavailable'),
                     ('A005', '2027-03-27T22:00', '2027-03-28T06:00', 'preferred_off')],
        email_hours={'en': (9, 17)},
        agent_tz_over={'en': [('Europe/London', 0.7), ('America/New_York', 0.15),
                              ('Asia/Shanghai', 0.15)],
                       'zh': [('Asia/Shanghai', 1.0)]},
        service_over=[('shrinkage', '0.0')],
        security_langs=[], agents=16, target=0.66, events=None,
        agent_defaults=[('min_hours', '0'), ('max_hours', '40'), ('max_days', '5'),
                        ('cost_per_hour', '20'), ('min_consecutive_days_off', '0')],
        costs=[('understaffing_penalty', '500'), ('preferred_off_penalty', '10'),
               ('night_premium', '0.25'), ('night_start', '22:00'), ('night_end', '06:00')],
        solver=[('time_limit_seconds', '60'), ('mip_gap', '0.01')]),
    'dst-newyork': dict(
        title='DST week in New York: clocks go back on Sunday 2026-11-01 at 02:00 EDT',
        tz='America/New_York', start=(2026, 10, 26), days=7, interval=60,
        langs=['en', 'es'], weights={'en': 0.8, 'es': 0.2},
        queues=['chat', 'email'], email_langs=['en'],
        lang_over={'en': dict(regions=[('America/New_York', 0.6), ('America/Los_Angeles', 0.25),
                                       ('Europe/London', 0.15)], chat='24x7'),
                   'es': dict(regions=[('America/Mexico_City', 0.7), ('America/Bogota', 0.3)], chat=None)},
        # es chat 20:00-04:00 New York: it spans the repeated hour on Sunday
        chat_hours={'es': (20, 4)},
        # availability across the change, with offsets where the wall time
        # is ambiguous: 00:30 EDT to 01:30 EST is two real hours
        extra_avail=[('A003', '2026-11-01T00:30-04:00', '2026-11-01T01:30-05:00', 'unavailable'),
                     ('A005', '2026-10-31T22:00', '2026-11-01T03:00', 'preferred_off')],
        email_hours={'en': (9, 17)},
        agent_tz_over={'en': [('America/New_York', 0.5), ('America/Los_Angeles', 0.2),
                              ('Europe/London', 0.15), ('America/Phoenix', 0.15)],
                       'es': [('America/Mexico_City', 0.6), ('America/Bogota', 0.4)]},
        service_over=[('shrinkage', '0.0')],
        security_langs=[], agents=16, target=0.66, events=None,
        agent_defaults=[('min_hours', '0'), ('max_hours', '40'), ('max_days', '5'),
                        ('cost_per_hour', '20'), ('min_consecutive_days_off', '0')],
        costs=[('understaffing_penalty', '500'), ('preferred_off_penalty', '10'),
               ('night_premium', '0.25'), ('night_start', '22:00'), ('night_end', '06:00')],
        solver=[('time_limit_seconds', '60'), ('mip_gap', '0.01')]),
    'M': dict(
        title='Benchmark M: 200 agents, 6 languages, 3 queues, 60-minute intervals',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=60,
        langs=['zh', 'en', 'ko', 'ja', 'vi', 'es'],
        weights={'zh': 0.30, 'en': 0.26, 'ko': 0.15, 'ja': 0.11, 'vi': 0.10, 'es': 0.08},
        queues=['chat', 'email', 'security'], security_langs=['en', 'zh'],
        security_share=0.012, agents=200, target=0.68, events='random',
        solver=[('time_limit_seconds', '30'), ('mip_gap', '0.01')]),
    'L': dict(
        title='Benchmark L: 2,000 agents, 12 languages, 3 queues, 30-minute intervals',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=30,
        langs=LANG_ORDER_12,
        weights={'zh': 0.20, 'en': 0.20, 'ko': 0.10, 'ja': 0.08, 'vi': 0.07, 'es': 0.07,
                 'pt': 0.06, 'ru': 0.05, 'tr': 0.05, 'id': 0.05, 'th': 0.04, 'zh-Hant': 0.03},
        queues=['chat', 'email', 'security'], security_langs=['en', 'zh', 'ko', 'ja'],
        security_share=0.010, agents=2000, target=0.68, events='random',
        solver=[('time_limit_seconds', '300'), ('mip_gap', '0.01')]),
    'XL': dict(
        title='Benchmark XL: 10,000 agents, 20 languages, 3 queues, 15-minute intervals',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=15,
        langs=LANG_ORDER_20,
        weights={'zh': 0.16, 'en': 0.18, 'ko': 0.07, 'ja': 0.06, 'vi': 0.05, 'es': 0.06,
                 'pt': 0.05, 'ru': 0.04, 'tr': 0.04, 'id': 0.04, 'th': 0.03, 'zh-Hant': 0.03,
                 'de': 0.04, 'fr': 0.03, 'ar': 0.03, 'hi': 0.03, 'it': 0.02, 'pl': 0.02,
                 'uk': 0.01, 'fil': 0.01},
        queues=['chat', 'email', 'security'], security_langs=['en', 'zh', 'ko', 'ja', 'es', 'ru'],
        security_share=0.010, agents=10000, target=0.68, peak_share=0.55, events='random',
        solver=[('time_limit_seconds', '1800'), ('mip_gap', '0.01')]),
    # Desks that are short at their peaks (issue: rosters at the bound on
    # desks that cannot cover every peak); see the module docstring.
    'S-scarce': dict(
        title='Scarce S: 15 agents, 2 languages, chat and e-mail, 60-minute intervals, short at peaks',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=60,
        langs=['en', 'zh'], weights={'en': 0.55, 'zh': 0.45},
        queues=['chat', 'email'], email_langs=['en'], security_langs=[],
        # in site time: chat en 08:00-20:00, zh 09:00-21:00, e-mail en on
        # weekdays 09:00-18:00, so that the minimum of one agent per open
        # cell leaves room for the peaks
        chat_hours={'en': (8, 20), 'zh': (9, 21)},
        email_hours={'en': (9, 18)},
        agents=15, target=0.80, peak_share=0.6, presence_share=0.9, events='random',
        flex=0.35, wages=(12, 45), short={'zh': 0.55},
        solver=[('time_limit_seconds', '30'), ('mip_gap', '0.01')]),
    'M-scarce': dict(
        title='Scarce M: 200 agents, 6 languages, 3 queues, 60-minute intervals, short at peaks',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=60,
        langs=['zh', 'en', 'ko', 'ja', 'vi', 'es'],
        weights={'zh': 0.30, 'en': 0.26, 'ko': 0.15, 'ja': 0.11, 'vi': 0.10, 'es': 0.08},
        queues=['chat', 'email', 'security'], security_langs=['en', 'zh'],
        security_share=0.012, agents=200, target=0.80, peak_share=0.6, presence_share=0.9,
        events='random', flex=0.35, wages=(12, 45), short={'ko': 0.55, 'vi': 0.6},
        solver=[('time_limit_seconds', '30'), ('mip_gap', '0.01')]),
    'L-scarce': dict(
        title='Scarce L: 2,000 agents, 12 languages, 3 queues, 30-minute intervals, short at peaks',
        tz='Asia/Singapore', start=(2026, 11, 30), days=7, interval=30,
        langs=LANG_ORDER_12,
        weights={'zh': 0.20, 'en': 0.20, 'ko': 0.10, 'ja': 0.08, 'vi': 0.07, 'es': 0.07,
                 'pt': 0.06, 'ru': 0.05, 'tr': 0.05, 'id': 0.05, 'th': 0.04, 'zh-Hant': 0.03},
        queues=['chat', 'email', 'security'], security_langs=['en', 'zh', 'ko', 'ja'],
        security_share=0.010, agents=2000, target=0.80, peak_share=0.6, presence_share=0.9,
        events='random', flex=0.35, wages=(12, 45),
        short={'vi': 0.55, 'tr': 0.6, 'th': 0.6, 'ko': 0.7},
        solver=[('time_limit_seconds', '300'), ('mip_gap', '0.01')]),
}
# M-scarce in quarters of an hour, starts every 15 minutes: ten times the
# columns of the hourly desk, each over four times the intervals
SIZES['M15-scarce'] = dict(
    SIZES['M-scarce'],
    title='Scarce M15: 200 agents, 6 languages, 3 queues, 15-minute intervals and starts, short at peaks',
    interval=15,
    shifts=[(k, {'start_step_minutes': '15', 'latest_start': '23:45'}.get(k, v))
            for k, v in BENCH_SHIFTS])


# --------------------------------------------------------------------------
# Time helpers
# --------------------------------------------------------------------------

def is_ambiguous(local):
    naive = local.replace(tzinfo=None)
    tz = local.tzinfo
    a = naive.replace(tzinfo=tz, fold=0).utcoffset()
    b = naive.replace(tzinfo=tz, fold=1).utcoffset()
    return a != b


def fmt_offset(off):
    mins = int(off.total_seconds() // 60)
    sign = '+' if mins >= 0 else '-'
    mins = abs(mins)
    return '%s%02d:%02d' % (sign, mins // 60, mins % 60)


def fmt_local(utc, tz, force_offset=False):
    """ISO 8601 in tz; with the offset when the wall time is ambiguous."""
    lt = utc.astimezone(tz)
    s = lt.strftime('%Y-%m-%dT%H:%M')
    if force_offset or is_ambiguous(lt):
        s += fmt_offset(lt.utcoffset())
    return s


def later(utc, tz, days):
    """The instant at the same wall time days later in tz (None when that
    wall time does not exist there)."""
    if days == 0:
        return utc
    lt = utc.astimezone(tz)
    naive = lt.replace(tzinfo=None) + dt.timedelta(days=days)
    out = naive.replace(tzinfo=tz, fold=lt.fold).astimezone(UTC)
    if out.astimezone(tz).replace(tzinfo=None) != naive:
        return None
    # the second of an autumn night's two 01:00s has no twin in a week
    # without the change: it would repeat the first's row
    if lt.fold and out == naive.replace(tzinfo=tz, fold=0).astimezone(UTC):
        return None
    return out


def later_text(s, days):
    """A written time (YYYY-MM-DDTHH:MM, maybe with an offset) days later."""
    d = dt.date.fromisoformat(s[:10]) + dt.timedelta(days=days)
    return d.isoformat() + s[10:]


def local_midnight(tz, d):
    return dt.datetime(d.year, d.month, d.day, tzinfo=tz).astimezone(UTC)


class Horizon:
    def __init__(self, tzname, start, days, interval):
        self.tz = ZoneInfo(tzname)
        self.d0 = dt.date(*start)
        self.days = days
        self.interval = interval
        self.start = local_midnight(self.tz, self.d0)
        self.end = local_midnight(self.tz, self.d0 + dt.timedelta(days=days))
        step = dt.timedelta(minutes=interval)
        self.times = []
        t = self.start
        while t < self.end:
            self.times.append(t)
            t += step

    def site_hour(self, t):
        lt = t.astimezone(self.tz)
        return lt.hour + lt.minute / 60.0


def shape_at(shape, hour):
    """Linear interpolation of an hourly curve at a fractional hour (bin centres)."""
    x = hour - 0.5
    i = math.floor(x)
    f = x - i
    return shape[i % 24] * (1 - f) + shape[(i + 1) % 24] * f


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------

def example_events(hz):
    """Fixed events of the bundled week, in site-local time."""
    def at(day, hour):
        d = hz.d0 + dt.timedelta(days=day)
        return dt.datetime(d.year, d.month, d.day, hour, tzinfo=hz.tz).astimezone(UTC)
    return [
        # Wednesday: a swap feature launches at 10:00 SGT in the Asian apps.
        dict(kind='launch', start=at(2, 10), end=at(2, 18), factor=1.7,
             queues=['chat'], langs=['zh', 'ko', 'ja', 'vi']),
        dict(kind='launch-mail', start=at(2, 12), end=at(3, 18), factor=1.35,
             queues=['email'], langs=['zh', 'ko', 'ja', 'vi']),
        # Thursday night: network congestion during the US morning (gas spike,
        # stuck transactions).
        dict(kind='congestion', start=at(3, 21), end=at(4, 2), factor=1.5,
             queues=['chat'], langs=['en', 'es']),
        dict(kind='congestion-sec', start=at(3, 22), end=at(4, 1), factor=4.0,
             queues=['security'], langs=['en']),
        # Saturday afternoon: a phishing wave hits Chinese-speaking users.
        dict(kind='phishing', start=at(5, 13), end=at(5, 16), factor=7.0,
             queues=['security'], langs=['zh']),
        dict(kind='phishing-chat', start=at(5, 13), end=at(5, 18), factor=1.3,
             queues=['chat'], langs=['zh']),
    ]


def random_events(rng, hz, langs, sec_langs):
    ev = []
    for _ in range(max(2, len(langs) // 3)):
        day = rng.randrange(hz.days)
        hour = rng.randrange(8, 18)
        d = hz.d0 + dt.timedelta(days=day)
        s = dt.datetime(d.year, d.month, d.day, hour, tzinfo=hz.tz).astimezone(UTC)
        ls = sorted(rng.sample(langs, min(len(langs), rng.randint(1, 4))), key=langs.index)
        ev.append(dict(kind='launch', start=s, end=s + dt.timedelta(hours=rng.randint(4, 9)),
                       factor=round(rng.uniform(1.3, 1.8), 2), queues=['chat'], langs=ls))
    for _ in range(2):
        day = rng.randrange(hz.days)
        hour = rng.randrange(24)
        d = hz.d0 + dt.timedelta(days=day)
        s = dt.datetime(d.year, d.month, d.day, hour, tzinfo=hz.tz).astimezone(UTC)
        ev.append(dict(kind='congestion', start=s, end=s + dt.timedelta(hours=rng.randint(3, 6)),
                       factor=round(rng.uniform(1.2, 1.5), 2), queues=['chat', 'email'], langs=list(langs)))
        if sec_langs:
            ev.append(dict(kind='security-burst', start=s, end=s + dt.timedelta(hours=2),
                           factor=round(rng.uniform(2.0, 4.0), 2), queues=['security'],
                           langs=[rng.choice(sec_langs)]))
    return ev


def event_factor(events, q, lang, t):
    f = 1.0
    for e in events:
        if q in e['queues'] and lang in e['langs'] and e['start'] <= t < e['end']:
            f *= e['factor']
    return f


# --------------------------------------------------------------------------
# Demand
# --------------------------------------------------------------------------

class Lang:
    def __init__(self, tag, size):
        base = dict(LANGS[tag])
        base.update(size.get('lang_over', {}).get(tag, {}))
        self.tag = tag
        self.regions = [(ZoneInfo(z), w) for z, w in base['regions']]
        self.agent_tz = size.get('agent_tz_over', {}).get(tag, base['agent_tz'])
        self.chat = base.get('chat')
        self.email_weekend = base.get('email_weekend', False)
        self.names = base['names']


def region_value(lang, t, shape, weekend):
    v = 0.0
    for tz, w in lang.regions:
        lt = t.astimezone(tz)
        v += w * shape_at(shape, lt.hour + lt.minute / 60.0) * weekend.get(lt.weekday(), 1.0)
    return v


def in_window(h, win):
    """h in [a, b) of a daily window; a > b wraps past midnight."""
    a, b = win
    return (a <= h < b) if a <= b else (h >= a or h < b)


def chat_open(lang, size, hz, t):
    ch = size.get('chat_hours', {}).get(lang.tag)
    if ch:
        return in_window(hz.site_hour(t), ch)
    if lang.chat == '24x7':
        return True
    for tz, _ in lang.regions:
        lt = t.astimezone(tz)
        if in_window(lt.hour + lt.minute / 60.0, lang.chat):
            return True
    return False


def open_on(h, wd, win, days_ok):
    """A daily window [a, b) that is open on the days in days_ok; when it
    wraps past midnight the hours after midnight belong to the day before."""
    a, b = win
    if a <= b:
        return a <= h < b and wd in days_ok
    if h >= a:
        return wd in days_ok
    if h < b:
        return (wd - 1) % 7 in days_ok
    return False


def email_open(lang, size, hz, t):
    eh = size.get('email_hours', {}).get(lang.tag)
    if eh:
        h = hz.site_hour(t)
        wd = t.astimezone(hz.tz).weekday()
        we = size.get('email_weekend_hours', {}).get(lang.tag)
        return open_on(h, wd, eh, (0, 1, 2, 3, 4)) or bool(we and open_on(h, wd, we, (5, 6)))
    for tz, _ in lang.regions[:1]:
        lt = t.astimezone(tz)
        h = lt.hour + lt.minute / 60.0
        if lt.weekday() < 5:
            if in_window(h, EMAIL_HOURS):
                return True
        elif lang.email_weekend and in_window(h, EMAIL_WEEKEND_HOURS):
            return True
    return False


AHT = {  # seconds, by queue; a few languages take longer
    'chat': 480, 'email': 600, 'security': 900,
}
AHT_LANG = {'ja': 1.10, 'ko': 1.05, 'vi': 1.08, 'de': 1.05, 'ar': 1.08, 'th': 1.06}


def build_demand(rng, size, hz, langs, events):
    """Returns cells: dict (queue, lang) -> list over intervals of
    (raw_volume or None when closed, aht).  Raw volumes are relative units
    before calibration (security volumes are absolute per hour when
    size['security_per_hour'] is set)."""
    hours = hz.interval / 60.0
    cells = {}
    qs = size['queues']
    email_langs = size.get('email_langs') or size['langs']
    w = size['weights']
    for lang in langs:
        wl = w[lang.tag]
        if 'chat' in qs:
            row = []
            for t in hz.times:
                if not chat_open(lang, size, hz, t):
                    row.append(None)
                    continue
                v = wl * region_value(lang, t, CHAT_SHAPE, CHAT_WEEKEND) * hours
                v *= event_factor(events, 'chat', lang.tag, t)
                v *= math.exp(rng.gauss(0.0, 0.07))
                row.append(v)
            cells[('chat', lang.tag)] = row
        if 'email' in qs and lang.tag in email_langs:
            # arrivals around the clock; worked when open, backlog released at opening
            row = []
            backlog = 0.0
            step = dt.timedelta(minutes=hz.interval)
            warm = [hz.start - step * k for k in range(int(24 * 60 / hz.interval), 0, -1)]
            for i, t in enumerate(warm + hz.times):
                arr = 0.45 * wl * region_value(lang, t, EMAIL_SHAPE, EMAIL_WEEKEND) * hours
                arr *= event_factor(events, 'email', lang.tag, t)
                if not email_open(lang, size, hz, t):
                    backlog += arr
                    if i >= len(warm):
                        row.append(None)
                    continue
                rel = backlog * 0.35
                backlog -= rel
                v = (arr + rel) * math.exp(rng.gauss(0.0, 0.07))
                if i >= len(warm):
                    row.append(v)
            cells[('email', lang.tag)] = row
        if 'security' in qs and lang.tag in size['security_langs']:
            row = []
            for t in hz.times:
                base = 0.55 + 0.45 * region_value(lang, t, CHAT_SHAPE, {})
                v = base * event_factor(events, 'security', lang.tag, t) * math.exp(rng.gauss(0.0, 0.15))
                if 'security_per_hour' in size:
                    v *= size['security_per_hour'] * hours
                else:
                    v *= size['security_share'] * wl * hours
                row.append(v)
            cells[('security', lang.tag)] = row
    night = [night_factor(hz, t) for t in hz.times]
    ahts = {}
    for (q, l) in cells:
        base = AHT[q] * AHT_LANG.get(l, 1.0)
        ahts[(q, l)] = [round(base * f) for f in night]
    return cells, ahts


def night_factor(hz, t):
    """Night contacts take a little longer (fewer tier-2 colleagues around)."""
    h = hz.site_hour(t)
    return 1.08 if (h >= 23 or h < 6) else 1.0


def scaled_volumes(cells, k, size, hz):
    """Volumes rounded as written (one decimal, >= 0.1 when open)."""
    out = {}
    fixed_sec = 'security_per_hour' in size
    for key, row in cells.items():
        q = key[0]
        m = 1.0 if (q == 'security' and fixed_sec) else k
        vals = []
        for v in row:
            if v is None:
                vals.append(None)
            else:
                vals.append(max(0.1, round(v * m, 1)))
        out[key] = vals
    return out


def requirements(vols, ahts, services, hz, keep=False):
    """(total required agent-hours, peak of the summed requirement, the
    presence bound, per-cell lists of r when keep).  An agent gives at most
    one agent-time per interval, so even with perfect sharing among
    multilingual agents an interval needs ceil(sum of r) agents on duty: the
    presence bound is that, summed over the week, in agent-hours."""
    tot = 0.0
    per_cell = {}
    per_t = [0.0] * len(hz.times)
    dtn = hz.interval / 60.0
    isec = hz.interval * 60
    for key, row in vols.items():
        svc = services[key[0]]
        base = svc.min_agents / (1 - svc.shrinkage) if svc.min_agents else 0.0
        ah = ahts[key]
        memo = {}
        rs = []
        for i, v in enumerate(row):
            if v is None:
                r = base
            else:
                mk = (v, ah[i])
                r = memo.get(mk)
                if r is None:
                    r = memo[mk] = svc.required(v, ah[i], isec)[0]
            rs.append(r)
            per_t[i] += r
        tot += sum(rs) * dtn
        if keep:
            per_cell[key] = rs
    presence = sum(math.ceil(x - 1e-9) for x in per_t) * dtn
    return tot, max(per_t), presence, per_cell


def language_presence(vols, ahts, services, hz, per_cell=None):
    """Per language: agent-hours on duty needed when only the agents of that
    language share its queues (sum over intervals of ceil of the language's
    summed requirement)."""
    if per_cell is None:
        per_cell = requirements(vols, ahts, services, hz, keep=True)[3]
    dtn = hz.interval / 60.0
    per_l = {}
    for (q, l), rs in per_cell.items():
        acc = per_l.setdefault(l, [0.0] * len(rs))
        for i, r in enumerate(rs):
            acc[i] += r
    return {l: sum(math.ceil(x - 1e-9) for x in acc) * dtn for l, acc in per_l.items()}


# --------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------

def weighted(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def contracts(rng, n, size):
    """List of dicts: kind, min_hours, max_hours, max_days, cost (None = default)."""
    out = []
    if size.get('contract_list'):
        lst = size['contract_list']
        return [dict(lst[i % len(lst)]) for i in range(n)]
    if size.get('flex') is not None:
        return scarce_contracts(rng, n, size)
    for i in range(n):
        x = rng.random()
        if x < 0.58:
            out.append(dict(kind='FT', min_hours=32, max_hours=40, max_days=5, cost=None))
        elif x < 0.66:
            out.append(dict(kind='FT36', min_hours=30, max_hours=36, max_days=5, cost=None))
        elif x < 0.72:
            out.append(dict(kind='4x10', min_hours=32, max_hours=40, max_days=4, cost=None))
        else:
            mx = rng.choice([16, 20, 24, 24])
            out.append(dict(kind='PT', min_hours=max(8, mx - 8), max_hours=mx,
                            max_days=rng.choice([3, 4]), cost=rng.choice([18, 18, 19, 20, 21, 22])))
    return out


def scarce_contracts(rng, n, size):
    """Contracts of a scarce desk: a share size['flex'] of agents without
    minimum hours, the rest as on the other desks; every agent a wage drawn
    from size['wages'] (whole units per hour, uniform)."""
    lo, hi = size['wages']
    out = []
    for i in range(n):
        x = rng.random()
        if x < size['flex']:
            c = dict(kind='FLEX', min_hours=0, max_hours=rng.choice([16, 24, 32, 40]),
                     max_days=rng.choice([3, 4, 5]))
        else:
            y = rng.random()
            if y < 0.60:
                c = dict(kind='FT', min_hours=32, max_hours=40, max_days=5)
            elif y < 0.72:
                c = dict(kind='FT36', min_hours=30, max_hours=36, max_days=5)
            elif y < 0.80:
                c = dict(kind='4x10', min_hours=32, max_hours=40, max_days=4)
            else:
                mx = rng.choice([16, 20, 24, 24])
                c = dict(kind='PT', min_hours=max(8, mx - 8), max_hours=mx, max_days=rng.choice([3, 4]))
        c['cost'] = rng.randint(lo, hi)
        out.append(c)
    return out


SECOND_LANG = {  # primary -> candidates for a second language
    'zh': [('en', 0.65), ('ja', 0.12), ('ko', 0.08), ('zh-Hant', 0.15)],
    'en': [('es', 0.3), ('zh', 0.25), ('fr', 0.1), ('de', 0.1), ('ja', 0.1), ('pt', 0.1), ('ko', 0.05)],
    'ko': [('en', 0.7), ('ja', 0.3)],
    'ja': [('en', 0.7), ('ko', 0.15), ('zh', 0.15)],
    'vi': [('en', 0.85), ('zh', 0.15)],
    'es': [('en', 0.8), ('pt', 0.2)],
    'pt': [('es', 0.5), ('en', 0.5)],
    'ru': [('uk', 0.5), ('en', 0.5)],
    'uk': [('ru', 0.6), ('en', 0.2), ('pl', 0.2)],
    'tr': [('en', 0.8), ('de', 0.2)],
    'id': [('en', 0.8), ('vi', 0.2)],
    'th': [('en', 1.0)],
    'zh-Hant': [('zh', 0.6), ('en', 0.4)],
    'de': [('en', 0.7), ('fr', 0.15), ('pl', 0.15)],
    'fr': [('en', 0.7), ('es', 0.15), ('ar', 0.15)],
    'ar': [('en', 0.5), ('fr', 0.5)],
    'hi': [('en', 1.0)],
    'it': [('en', 0.6), ('fr', 0.2), ('es', 0.2)],
    'pl': [('en', 0.6), ('de', 0.2), ('uk', 0.2)],
    'fil': [('en', 1.0)],
}


def make_agents(rng, size, langs, need, sec_need, hz):
    """need: language -> agent-hours on duty it needs (all queues); sec_need:
    language -> required security agent-hours.  Primary languages are dealt
    out in proportion to need.  Returns a list of agent dicts."""
    n = size['agents']
    tags = [l.tag for l in langs]
    lmap = {l.tag: l for l in langs}
    cons = contracts(rng, n, size)
    cap = sum(c['max_hours'] for c in cons)
    total_need = sum(need.values())
    target = {t: need[t] / total_need * cap for t in tags}
    assigned = {t: 0.0 for t in tags}
    # place the largest contracts first so the shares come out even
    order = sorted(range(n), key=lambda i: (-cons[i]['max_hours'], i))
    primary = [None] * n
    for i in order:
        t = max(tags, key=lambda x: (target[x] - assigned[x], -tags.index(x)))
        primary[i] = t
        assigned[t] += cons[i]['max_hours']
    agents = []
    for i in range(n):
        p = primary[i]
        lg = [p]
        x = rng.random()
        if x < 0.30:
            cand = [(c, w) for c, w in SECOND_LANG[p] if c in tags]
            if cand:
                lg.append(weighted(rng, cand))
        if len(lg) == 2 and rng.random() < 0.17:
            cand = [(c, w) for c, w in SECOND_LANG[lg[1]] + SECOND_LANG[p] if c in tags and c not in lg]
            if cand:
                lg.append(weighted(rng, cand))
        tzname = weighted(rng, lmap[p].agent_tz)
        agents.append(dict(idx=i, contract=cons[i], langs=lg, tz=tzname, primary=p, queues=None))
    # security rota: full-timers who speak a security language, those who
    # speak two of them first.  The rota must carry every security language
    # on its own and all of them together (each interval needs its own agent
    # time per language), at about 65 % of the rota's max_hours.
    util = 0.65
    sls = size['security_langs']
    if sls:
        want = {l: sec_need.get(l, 0.0) / util for l in sls}
        want_total = sum(want.values())
        while True:
            rota = [a for a in agents if a['queues'] == 'sec']
            have = {l: sum(a['contract']['max_hours'] for a in rota if l in a['langs']) for l in sls}
            total = sum(a['contract']['max_hours'] for a in rota)
            short = [l for l in sls if have[l] < want[l]]
            if not short and total >= want_total:
                break
            l = max(short or sls, key=lambda x: (want[x] - have[x], -sls.index(x)))
            cands = [a for a in agents if l in a['langs'] and a['queues'] is None
                     and a['contract']['kind'] not in ('PT', 'FLEX')]
            if not cands:
                break
            pick = max(cands, key=lambda a: (len(set(a['langs']) & set(sls)), a['langs'][0] == l,
                                             -a['idx']))
            pick['queues'] = 'sec'
    # a few agents who only take chat, or only chat and e-mail
    for a in agents:
        if a['queues'] is None:
            x = rng.random()
            if x < 0.08:
                a['queues'] = 'chat'
            elif x < 0.12 and 'email' in size['queues']:
                a['queues'] = 'chat;email'
    return agents


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

def write_csv(path, header, rows, comments=()):
    buf = io.StringIO()
    for c in comments:
        buf.write('# ' + c + '\n')
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write(buf.getvalue())


def write_ini(path, cfg, comments):
    lines = ['; ' + c if c else ';' for c in comments]
    for sec, keys in cfg:
        lines.append('')
        lines.append('[%s]' % sec)
        for k, v in keys:
            lines.append('%s = %s' % (k, v))
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write('\n'.join(lines) + '\n')


def fmt_num(x):
    s = ('%.1f' % x)
    return s[:-2] if s.endswith('.0') else s


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def services_of(cfg):
    sec = dict(cfg)
    base = dict(SERVICE_DEFAULTS)
    base.update({k: float(v) for k, v in sec['service']})
    out = {}
    for q in ('chat', 'email', 'security'):
        over = dict(sec.get('queue.' + q, []))
        out[q] = Service(base, over)
    return out


def calibrate(cells, ahts, services, hz, size, cap):
    """Largest volume scale whose total requirement stays within
    target x capacity and whose peak stays within peak_share x agents."""
    target = size['target'] * cap
    peak_cap = size.get('peak_share', 0.5) * size['agents']
    presence_cap = size.get('presence_share', 0.75) * cap
    floor, _, _, _ = requirements(scaled_volumes(cells, 1e-9, size, hz), ahts, services, hz)

    def ok(k):
        vols = scaled_volumes(cells, k, size, hz)
        tot, peak, presence, per_cell = requirements(vols, ahts, services, hz, keep=True)
        lp = sum(language_presence(vols, ahts, services, hz, per_cell).values())
        return tot <= target and peak <= peak_cap and lp <= presence_cap

    lo, hi = 1e-6, 1.0
    while ok(hi):
        lo, hi = hi, hi * 4
        if hi > 1e12:
            break
    while hi / lo > 1.003:
        mid = math.sqrt(lo * hi)
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo, floor


def main(argv=None):
    ap = argparse.ArgumentParser(description='Generate a staffplan instance (plan.ini, forecast.csv, '
                                 'agents.csv, availability.csv).')
    ap.add_argument('--size', required=True, choices=list(SIZES))
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True, help='directory to write (created if missing)')
    ap.add_argument('--agents', type=int, help='override the number of agents')
    ap.add_argument('--quiet', action='store_true', help='no sanity-check report on stderr')
    ap.add_argument('--weeks', type=int, default=1, choices=range(1, 7),
                    help='repeat the week (demand, leave, training, wishes) this many times')
    args = ap.parse_args(argv)

    size = dict(SIZES[args.size])
    if args.weeks > 1 and size['days'] != 7:
        ap.error('--weeks needs a size of one whole week; %s is %d days' % (args.size, size['days']))
    if args.agents:
        size['agents'] = args.agents
    rng = random.Random(args.seed)
    hz = Horizon(size['tz'], size['start'], size['days'], size['interval'])
    langs = [Lang(t, size) for t in size['langs']]

    cfg = base_config(size['tz'], size['interval'], shifts=size.get('shifts'),
                      agents=size.get('agent_defaults'), solver=size.get('solver'),
                      extra_costs=size.get('costs'))
    cfg = [s for s in cfg if not s[0].startswith('queue.') or s[0][6:] in size['queues']]
    if size.get('service_over'):
        over = dict(size['service_over'])
        cfg = [(sec, [(k, over.get(k, v)) for k, v in keys]) if sec == 'service' else (sec, keys)
               for sec, keys in cfg]
    services = services_of(cfg)

    if size['events'] == 'example':
        events = example_events(hz)
    elif size['events'] == 'random':
        events = random_events(rng, hz, size['langs'], size['security_langs'])
    else:
        events = []
    cells, ahts = build_demand(rng, size, hz, langs, events)

    # Agent contracts decide the capacity; calibrate volumes to the target share.
    # A throw-away RNG with the same seed sizes the capacity so that the real
    # draw below produces exactly these contracts.
    cons = contracts(random.Random(args.seed * 7919 + 1), size['agents'], size)
    cap = sum(c['max_hours'] for c in cons)
    k, floor = calibrate(cells, ahts, services, hz, size, cap)
    vols = scaled_volumes(cells, k, size, hz)
    total, _, presence, per_cell = requirements(vols, ahts, services, hz, keep=True)
    dtn = hz.interval / 60.0
    # languages get agents in proportion to the hours on duty they need
    # plus an allowance per language for the ragged edges of its opening
    # hours (whole shifts rarely fit a window exactly)
    need = language_presence(vols, ahts, services, hz, per_cell)
    edge = 0.04 * sum(need.values()) / max(1, len(need))
    need = {l: v + edge for l, v in need.items()}
    # scarce desks: short languages get a smaller share of the agents
    short = size.get('short', {})
    alloc = {l: v * short.get(l, 1.0) for l, v in need.items()}
    sec_need = {}
    for (q, l), rs in per_cell.items():
        if q == 'security':
            sec_need[l] = sum(rs) * dtn

    arng = random.Random(args.seed * 7919 + 1)
    agents = make_agents(arng, size, langs, alloc, sec_need, hz)
    cap = sum(a['contract']['max_hours'] for a in agents)

    os.makedirs(args.out, exist_ok=True)
    write_files(args, size, hz, langs, cfg, vols, ahts, agents, arng)

    if not args.quiet:
        report(args, size, hz, langs, vols, per_cell, total, floor, presence, cap, agents, k)
    return 0


def write_files(args, size, hz, langs, cfg, vols, ahts, agents, rng):
    out = args.out
    cmd = '/usr/bin/python3 tools/geninstance.py --size %s --seed %d --out DIR' % (args.size, args.seed)
    if args.weeks > 1:
        cmd += ' --weeks %d' % args.weeks
    write_ini(os.path.join(out, 'plan.ini'), cfg, [
        size['title'],
        'Generated by: ' + cmd,
        'Every key below is a plan.ini key; values not listed take their defaults.',
    ])

    # forecast.csv: by interval, then queue, then language
    rows = []
    qorder = [q for q in ('chat', 'email', 'security') if q in size['queues']]
    for w in range(args.weeks):
        for i, t in enumerate(hz.times):
            tw = later(t, hz.tz, 7 * w)
            if tw is None:
                continue
            for q in qorder:
                for l in langs:
                    key = (q, l.tag)
                    if key not in vols or vols[key][i] is None:
                        continue
                    rows.append([fmt_local(tw, hz.tz), q, l.tag, fmt_num(vols[key][i]),
                                 ahts[key][i]])
    write_csv(os.path.join(out, 'forecast.csv'), ['start', 'queue', 'language', 'volume', 'aht'], rows,
              comments=['contacts per %d-minute interval before bot deflection, site time %s'
                        % (hz.interval, size['tz']),
                        'intervals without a row have no volume (the queue is closed for that language)'])

    # agents.csv
    names_used = set()
    emails_used = set()
    specials = []
    if size.get('special_names'):
        for l, lst in SPECIAL_NAMES.items():
            for nm in lst:
                specials.append((l, nm))
    width = max(3, len(str(len(agents))))
    arows = []
    for idx, a in enumerate(agents):
        p = a['primary']
        nm = None
        for j, (l, cand) in enumerate(specials):
            if l == p:
                nm = cand
                specials.pop(j)
                break
        tries = 0
        while nm is None or (nm[0] in names_used and tries < 8):
            nm = make_name(rng, LANGS[p]['names'] if p in LANGS else 'en')
            tries += 1
        disp, local = nm
        names_used.add(disp)
        if not local:
            local = 'agent%0*d' % (width, idx + 1)
        e = local
        k = 2
        while e in emails_used:
            e = '%s%d' % (local, k)
            k += 1
        emails_used.add(e)
        email = e + '@support.wallet.example'
        c = a['contract']
        qs = {'sec': 'chat;email;security', 'chat': 'chat', 'chat;email': 'chat;email', None: ''}[a['queues']]
        if qs == 'chat;email' and 'email' not in size['queues']:
            qs = 'chat'
        tzname = a['tz']
        if tzname == size['tz'] and idx % 2 == 0:
            tzname = ''          # the site's zone is the default
        cost = '' if c['cost'] is None else str(c['cost'])
        if size.get('wages'):
            pass                 # scarce desks: the drawn wage, whatever the rota
        elif a['queues'] == 'sec':
            cost = str(rng.choice([26, 27, 28, 30]))
        elif c['cost'] is None and len(a['langs']) >= 3:
            cost = '24'
        arows.append(['A%0*d' % (width, idx + 1), disp, ';'.join(a['langs']), qs, email, tzname,
                      c['min_hours'], c['max_hours'], c['max_days'], cost])
        a['id'] = arows[-1][0]
        a['tzname'] = a['tz']
    # leave reduces the contracted minimum hours: filled in after availability
    avail = make_availability(rng, size, hz, agents)
    for a, row in zip(agents, arows):
        leave_days = a.get('leave_days', 0)
        if leave_days:
            row[6] = max(0, row[6] - 8 * leave_days)
        a['min_hours_eff'] = row[6]
    # --weeks: the same leave, training and wishes every week
    avail = avail + [[r[0], later_text(r[1], 7 * w), later_text(r[2], 7 * w), r[3]]
                     for w in range(1, args.weeks) for r in avail]
    write_csv(os.path.join(out, 'agents.csv'),
              ['id', 'name', 'languages', 'queues', 'email', 'timezone', 'min_hours', 'max_hours',
               'max_days', 'cost_per_hour'], arows,
              comments=['empty queues: every queue that is not restricted; empty timezone: the site zone; '
                        'empty cost_per_hour: [agents] default'])
    write_csv(os.path.join(out, 'availability.csv'), ['agent_id', 'start', 'end', 'type'], avail,
              comments=['unavailable: leave and training (hard); preferred_off: wishes (soft)'])


def make_availability(rng, size, hz, agents):
    rows = []
    n = len(agents)
    days = hz.days
    if days < 2:
        return rows
    order = list(range(n))
    rng.shuffle(order)
    n_leave = max(1, round(n * 0.08))
    n_train = max(1, round(n * 0.12))
    n_pref = max(1, round(n * 0.15))
    pos = 0
    # whole days of leave (not for the security rota, which has its own cover)
    for i in order[pos:pos + n_leave * 2]:
        if n_leave == 0:
            break
        a = agents[i]
        if a['queues'] == 'sec':
            continue
        ld = rng.choice([1, 1, 2, 3]) if days >= 5 else 1
        d = rng.randrange(0, days - ld + 1)
        s = local_midnight(hz.tz, hz.d0 + dt.timedelta(days=d))
        e = local_midnight(hz.tz, hz.d0 + dt.timedelta(days=d + ld))
        rows.append((a['id'], fmt_local(s, hz.tz), fmt_local(e, hz.tz), 'unavailable'))
        a['leave_days'] = ld
        n_leave -= 1
    pos += len(order) // 3
    # training sessions, 2-3 hours in the site's working day
    for i in order[pos:pos + n_train]:
        a = agents[i]
        d = rng.randrange(days)
        h = rng.choice([9, 10, 13, 14, 15])
        ln = rng.choice([2, 2, 3])
        day = hz.d0 + dt.timedelta(days=d)
        s = dt.datetime(day.year, day.month, day.day, h, tzinfo=hz.tz).astimezone(UTC)
        e = s + dt.timedelta(hours=ln)
        rows.append((a['id'], fmt_local(s, hz.tz), fmt_local(e, hz.tz), 'unavailable'))
    pos += n_train
    # preferred evenings off, 18:00-23:00 in the agent's own zone
    for i in order[pos:pos + n_pref]:
        a = agents[i]
        atz = ZoneInfo(a['tz'])
        for d in sorted(rng.sample(range(days), min(days, rng.choice([1, 2])))):
            day = hz.d0 + dt.timedelta(days=d)
            s = dt.datetime(day.year, day.month, day.day, 18, tzinfo=atz).astimezone(UTC)
            e = s + dt.timedelta(hours=5)
            if e <= hz.start or s >= hz.end:
                continue
            off = a['tz'] != size['tz']
            rows.append((a['id'], fmt_local(s, atz, off), fmt_local(e, atz, off), 'preferred_off'))
    rows.extend(size.get('extra_avail', []))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [list(r) for r in rows]


def report(args, size, hz, langs, vols, per_cell, total, floor, presence, cap, agents, k):
    dtn = hz.interval / 60.0
    p = lambda *a: print(*a, file=sys.stderr)
    nint = len(hz.times)
    peak = max(sum(rs[i] for rs in per_cell.values()) for i in range(nint))
    peak_i = max(range(nint), key=lambda i: sum(rs[i] for rs in per_cell.values()))
    nb = sum(1 for a in agents if len(a['langs']) == 2)
    nt = sum(1 for a in agents if len(a['langs']) >= 3)
    ns = sum(1 for a in agents if a['queues'] == 'sec')
    p('geninstance: size %s seed %d -> %s' % (args.size, args.seed, args.out))
    p('  %d agents (%d bilingual, %d trilingual, %d on the security rota), %d languages, '
      '%d intervals of %d min, volume scale %.4g'
      % (len(agents), nb, nt, ns, len(langs), nint, hz.interval, k))
    p('  required agent-hours (Erlang C, shrinkage) %.0f vs capacity (sum of max_hours) %d: %.1f%%'
      % (total, cap, 100.0 * total / cap))
    p('  presence bound (sum over intervals of ceil(sum of r)) %.0f agent-hours: %.1f%% of capacity'
      % (presence, 100.0 * presence / cap))
    lpres = language_presence(vols, None, None, hz, per_cell)
    p('  presence bound without sharing across languages %.0f agent-hours: %.1f%% of capacity'
      % (sum(lpres.values()), 100.0 * sum(lpres.values()) / cap))
    p('  sum of min_hours %d (after leave)' % sum(a.get('min_hours_eff', a['contract']['min_hours']) for a in agents))
    p('  floor (one agent per open cell and interval) %.0f agent-hours: %.1f%% of capacity'
      % (floor, 100.0 * floor / cap))
    p('  peak requirement %.1f agents at %s' % (peak, fmt_local(hz.times[peak_i], hz.tz, True)))
    rows = sum(1 for v in vols.values() for x in v if x is not None)
    p('  forecast rows %d; contacts %.0f' % (rows, sum(x for v in vols.values() for x in v if x)))
    for l in langs:
        need = sum(sum(rs) for (q, t), rs in per_cell.items() if t == l.tag) * dtn
        have = sum(a['contract']['max_hours'] for a in agents if l.tag in a['langs'])
        prim = sum(a['contract']['max_hours'] for a in agents if a['primary'] == l.tag)
        p('  %-8s required %7.0f h, on duty %7.0f h; speakers\' max_hours %7d (primary %7d)  ratio %.2f'
          % (l.tag, need, lpres[l.tag], have, prim, lpres[l.tag] / max(1, prim)))
        if size.get('short') is not None:
            # the language's own peak (all its queues) against its speakers
            lr = [sum(rs[i] for (q, t), rs in per_cell.items() if t == l.tag) for i in range(nint)]
            spk = [a for a in agents if l.tag in a['langs']]
            p('  %-8s peak %5.1f agents; %d speakers (%d without min_hours), short factor %s'
              % ('', max(lr), len(spk), sum(1 for a in spk if a.get('min_hours_eff', 1) == 0),
                 size['short'].get(l.tag, 1.0)))
    for (q, t), rs in sorted(per_cell.items()):
        if q == 'security':
            have = sum(a['contract']['max_hours'] for a in agents
                       if a['queues'] == 'sec' and t in a['langs'])
            p('  security %-4s required %6.0f h, rota max_hours %d' % (t, sum(rs) * dtn, have))
    if any(a['queues'] == 'sec' for a in agents):
        p('  security rota: %d agents, max_hours %d'
          % (sum(1 for a in agents if a['queues'] == 'sec'),
             sum(a['contract']['max_hours'] for a in agents if a['queues'] == 'sec')))


if __name__ == '__main__':
    sys.exit(main())
