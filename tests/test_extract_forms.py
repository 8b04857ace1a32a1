"""Every surface form Korean media use for a name with its Hanzi (own sentences, not the seed)."""

from __future__ import annotations

import pytest

from glossary.extraction.extract import extract_text


def pairs(text: str) -> list[tuple[str | None, str]]:
    return [(o.korean, o.hanzi) for o in extract_text(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("핀둬둬(拼多多)는 성장했다.", [("핀둬둬", "拼多多")]),
    ("핀둬둬 (拼多多)도 그렇다.", [("핀둬둬", "拼多多")]),
    ("텐센트（腾讯）의 실적.", [("텐센트", "腾讯")]),
    ("그리고 궈메이\n\n소매(国美零售)가 있다.", [("궈메이 소매", "国美零售")]),
    ("(베이징상보北京商报, 2024.3.1)", [("베이징상보", "北京商报")]),
    ("오늘 마윈 马云은 말했다.", [("마윈", "马云")]),
    ("최근 기자는 핀둬둬(拼多多) 산하의", [("핀둬둬", "拼多多")]),
    ("국가 위생건강 위원회 사무청(国家卫生健康委办公厅)은", [("국가 위생건강 위원회 사무청", "国家卫生健康委办公厅")]),
    ("지난해 부부가오 상업 체인 주식유한공사 (步步高商业连锁股份有限公司) 는", [
        ("부부가오 상업 체인 주식유한공사", "步步高商业连锁股份有限公司")]),
    ("CEO 천레이(陈磊)는 말했다.", [("천레이", "陈磊")]),
    ("왕루이(汪蕊)여사와", [("왕루이", "汪蕊")]),
    ("‘둬둬마이차이(多多买菜)’가 나왔다.", [("둬둬마이차이", "多多买菜")]),
    ("“기계덩어리 심리(機心)”에 빼앗기다", [("기계덩어리 심리", "機心")]),
    ("(마이그룹(蚂蚁集团)은 크다)", [("마이그룹", "蚂蚁集团")]),
    ("마이그룹(蚂蚁集团)(蚂蚁集团)의 전략.", [("마이그룹", "蚂蚁集团")]),
    ("더우인(抖音·틱톡)은 인기다.", [("더우인", "抖音")]),
    ("시진핑(習近平·71) 주석.", [("시진핑", "習近平")]),
    ("칸이다오(砍一刀, 공구 할인이라는 뜻) 열풍.", [("칸이다오", "砍一刀")]),
    ("영화 《夺冠 탈관》이 개봉했다.", [("탈관", "夺冠")]),
    ("抖音·더우인 앱.", [("더우인", "抖音")]),
    ("抖音·더우인은 인기다.", [("더우인", "抖音")]),
    ("小米·샤오미가 발표했다.", [("샤오미", "小米")]),
    ("支付宝(즈푸바오)는 결제 앱이다.", [("즈푸바오", "支付宝")]),
    ("마윈(중국어 간체자: 马云, 정체자: 馬雲, 병음: Mǎ Yún)은", [("마윈", "马云"), ("마윈", "馬雲")]),
    ("알리페이(즈푸바오支付宝)를 구축", [("즈푸바오", "支付宝")]),
    ("베이징쇼우뤼호텔(그룹)주식유한공사(北京首旅酒店（集团）股份有限公司) 총경리", [
        ("베이징쇼우뤼호텔(그룹)주식유한공사", "北京首旅酒店（集团）股份有限公司")]),
    ("마치다 토오루 町田 徹 (경제 저널리스트)", [("마치다 토오루", "町田徹")]),
    ("카게야마蔭山선생이 해설한다.", [("카게야마", "蔭山")]),
    ("《삼국지연의》(三國志演義)는 소설이다.", [("삼국지연의", "三國志演義")]),  # a title, then its Hanzi
    ("소설 《삼국지 연의》(三國志演義)는", [("삼국지 연의", "三國志演義")]),
    ("앱 「디디추싱」(滴滴出行)은", [("디디추싱", "滴滴出行")]),
    ("영화 『유랑 지구』 (流浪地球)가 흥행했다.", [("유랑 지구", "流浪地球")]),
    ("알리바바(영문명 Alibaba Group, 중국어 阿里巴巴集团)는", [("알리바바", "阿里巴巴集团")]),  # labels, no colon
    ("알리바바(한자 阿里巴巴)는", [("알리바바", "阿里巴巴")]),
    ("“핀둬둬” (拼多多)는", [("핀둬둬", "拼多多")]),  # quotes, then a space before the bracket
    ("바이두·百度와 알리바바=阿里巴巴", [("바이두", "百度"), ("알리바바", "阿里巴巴")]),  # 한글·漢字 glosses
    ("당국은 '제로 코로나(清零)' 정책을", [("제로 코로나", "清零")]),  # a quoted translation, no alignment
    ("SMIC(중신궈지·中芯国际)는", [("중신궈지", "中芯国际")]),  # Korean inside, ended by a gloss separator
    ("CATL(닝더스다이 · 宁德时代)이", [("닝더스다이", "宁德时代")]),
    ("바이두 · 百度", [("바이두", "百度")]),
    ("마윈·차이충신(馬雲·蔡崇信)이 창업했다.", [("마윈", "馬雲"), ("차이충신", "蔡崇信")]),  # parallel lists
    ("일론 머스크(埃隆·马斯克)는", [("일론 머스크", "埃隆·马斯克")]),  # a foreign name, a word per dotted part
    ("리창 총리(李强)는 말했다.", [("리창", "李强")]),  # a title between the name and its Hanzi
    # … that itself sounds close to the Hanzi (위 for 徐, 원 the reading of 远, 장 for 晶)
    ("쉬위안징 위원장(徐远晶)으로 바뀌었다.", [("쉬위안징", "徐远晶")]),
    ("시진핑 중국 국가주석(習近平)은", [("시진핑", "習近平")]),
    ("홍콩 증권거래소(香港交易所)에 상장된", [("홍콩 증권거래소", "香港交易所")]),  # 交易所 거래소, a known term
    ("디지털 위안화(e-CNY·数字人民币)가", [("디지털 위안화", "数字人民币")]),  # translated terms (数字, 人民币)
    ("차이나유니콤(中國聯通)도", [("차이나유니콤", "中國聯通")]),
    ("《流浪地球》(유랑지구)는 흥행했다", [("유랑지구", "流浪地球")]),  # Hanzi title first, Korean in a bracket after
    ("대표작 《아Q정전》(阿Q正傳)이 있다.", [("아Q정전", "阿Q正傳")]),  # a capital inside the name, on both sides
    ("字节跳动(바이트댄스)은", [("바이트댄스", "字节跳动")]),  # Hanzi first, one Korean word alone in a bracket
    ("«탕핑»(躺平)은", [("탕핑", "躺平")]),  # guillemets as quotes
    ("《字节跳动》 (바이트댄스)", [("바이트댄스", "字节跳动")]),
    ("홍콩 행정장관 존 리(李家超)는", [("존 리", "李家超")]),  # an English given name before the surname
    ("캐리 람 행정장관(林鄭月娥)이", [("캐리 람", "林鄭月娥")]),  # … and a compound title after it
    ("자오러지 전인대 상무위원장(赵乐际)은", [("자오러지", "赵乐际")]),  # the body between name and title
    ("마화텅 텐센트 회장(马化腾)은", [("마화텅", "马化腾")]),
    ("“중국 제조 2025(中國製造2025)” 계획", [("중국 제조 2025", "中國製造2025")]),  # digits in the name
    ("‘중국제조2025(中国制造2025)’ 전략", [("중국제조2025", "中国制造2025")]),
    ("중국의 618 쇼핑 축제(618购物节) 기간", [("618 쇼핑 축제", "618购物节")]),
    ("인민일보(人民日报2020)", [("인민일보", "人民日报")]),  # a year after the name is no part of it
    ("핀둬둬는(拼多多) 말했다", [("핀둬둬", "拼多多")]),  # a particle written before the bracket
    ("멍완저우가(孟晚舟) 말했다", [("멍완저우", "孟晚舟")]),
    ("핀둬둬〔拼多多〕는", [("핀둬둬", "拼多多")]),  # tortoise-shell and full-width square brackets
    ("핀둬둬［拼多多］는", [("핀둬둬", "拼多多")]),
    ("마윈(马云·馬雲)은", [("마윈", "马云"), ("마윈", "馬雲")]),  # one name in two forms, a pair each
    ("렁춘잉 행정장관(梁振英)은", [("렁춘잉", "梁振英")]),  # a Cantonese name, partly aligned, before a title
    ("바이트댄스(중국명 字节跳动)는", [("바이트댄스", "字节跳动")]),  # a label inside the bracket is no rendering
    ("틱톡(TikTok, 중국명 抖音)은", [("틱톡", "抖音")]),
    ("마윈(본명 马云)", [("마윈", "马云")]),
])
def test_form(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(("text", "english"), [
    ("앤트그룹(蚂蚁集团 ANT GROUP)은", "ANT GROUP"),
    ("WorldFirst (완리후이 万里汇)를 샀다.", "WorldFirst"),
    ("Airwallex (쿵중윈후이空中云汇) 투자", "Airwallex"),
    ("(ZOL 중관춘짜이셴 ZOL 中关村在线 2024.3.1)", "ZOL"),
    ("비마웨이(毕马威 편집자 주: 회계법인 KPMG)는", "KPMG"),
    ("앤트그룹(蚂蚁集团·Ant Group) 상장이", "Ant Group"),  # after a gloss separator
    ("텐센트(腾讯, Tencent)는", "Tencent"),
    ("징둥닷컴(京东·JD.com)과", "JD.com"),
    ("비야디(BYD·比亚迪)는", "BYD"),  # before the Hanzi, then a separator
    ("닝더스다이(CATL, 宁德时代)가", "CATL"),
    ("알리바바(阿里巴巴·영문명 Alibaba)는", "Alibaba"),  # a label before the Latin name
    ("알리바바(阿里巴巴, 영어: Alibaba Group)는", "Alibaba Group"),
    ("拼多多(핀둬둬, Pinduoduo)는", "Pinduoduo"),  # Hanzi first: after the Korean gloss in the bracket
    ("알리바바(阿里巴巴(Alibaba))는", "Alibaba"),  # in a bracket of its own inside
    ("틱톡(TikTok, 중국명 抖音)은", "TikTok"),  # before a label
])
def test_english_alongside(text: str, english: str) -> None:
    (occ,) = extract_text(text)
    assert occ.english == english
    assert occ.korean is not None


@pytest.mark.parametrize(("text", "english", "hanzi"), [
    ("게임 <Star Citizen(星际公民)>에", "Star Citizen", "星际公民"),
    ('"League of Legends"(LOL 英雄联盟), 등', "League of Legends", "英雄联盟"),
    ("— DeepTech(深科技) 제공", "DeepTech", "深科技"),
])
def test_english_only(text: str, english: str, hanzi: str) -> None:
    (occ,) = extract_text(text)
    assert (occ.korean, occ.english, occ.hanzi) == (None, english, hanzi)


@pytest.mark.parametrize("text", [
    "韓 스타트업, 中 투자 공략",  # one-character headline abbreviations
    "이 哀駘它란 남자는",  # a bare Hanzi with no rendering next to it
    "그는 ABC(中国)라고 했다",
    "한국·中國 관계와 미국·中 갈등",  # a list of two countries, not a gloss
    "상무위원 7명(习近平·李强·赵乐际)이 등장했다.",  # a list of names that no Korean renders
    "알리바바 회장(马云)은 말했다.",  # a title is no rendering
    "中(중국)과 美(미국)",  # one-character abbreviations, even with their Korean in a bracket
    "抖音(중국판 틱톡)은",  # a description after the Hanzi, not its name
    "중국 외교부 대변인(汪文斌)은",  # a title and the body before it render no name
    "정치국 상무위원 7인(七常委) 가운데",  # a number and its counter name nothing
])
def test_not_pairs(text: str) -> None:
    assert [o for o in extract_text(text) if o.korean] == []


def test_latin_glued_to_a_korean_word_is_part_of_it_not_an_english_name() -> None:
    """중국중앙TV: the capitals end the Korean word, and a known term (电视台 TV) renders them."""
    text = "중국중앙TV(中央电视台)는 보도했다. 중국중앙TV(CCTV·中央电视台)는"
    got = [(o.korean, o.english) for o in extract_text(text)]
    assert got == [("중국중앙TV", None), ("중국중앙TV", "CCTV")]


def test_line_and_offsets_point_at_the_hanzi() -> None:
    text = "첫 줄\n\n둘째 줄의 궈메이\n\n소매(国美零售)는"
    (occ,) = extract_text(text)
    assert occ.line == 5
    assert text[occ.start : occ.end] == "国美零售"
    assert occ.key == "国美零售"


def test_types_and_origins() -> None:
    text = ("샤오미(小米) 창업자 레이쥔(雷军) 회장은 베이징시(北京市)에서 말했다. 반(反)부패 운동. "
            "인민일보(人民日報)가 보도했다. 카게야마蔭山선생이 해설한다.")
    got = {o.hanzi: (o.type, o.origin, o.key) for o in extract_text(text)}
    assert got["雷军"][0] == "PERSON"
    assert got["北京市"][0] == "PLACE"
    assert got["人民日報"] == ("MEDIA", "zh", "人民日报")
    assert got["反"][1] == "ko"
    assert got["蔭山"][1] == "ja" and got["蔭山"][0] == "PERSON"


def test_variant_spellings_are_kept_as_written() -> None:
    text = "펭지엔전(彭建真) 비서장과 펑지엔젼(彭建真)은"
    assert pairs(text) == [("펭지엔전", "彭建真"), ("펑지엔젼", "彭建真")]


def test_less_common_surnames_make_persons() -> None:
    text = ("창업주 쭝칭허우(宗庆后) 와하하(娃哈哈) 회장이 사망한 뒤 딸 쭝푸리(宗馥莉)가 이끈다. "
            "루융샹(卢永祥)은 말했다.")
    got = {o.hanzi: o.type for o in extract_text(text)}
    assert got["宗庆后"] == got["宗馥莉"] == got["卢永祥"] == "PERSON"
    assert got["娃哈哈"] != "PERSON"


def test_an_english_given_name_makes_a_person() -> None:
    (occ,) = extract_text("캐리 람(林鄭月娥) 전 행정장관도 참석했다.")
    assert (occ.korean, occ.type, occ.origin) == ("캐리 람", "PERSON", "zh")


def test_a_title_before_a_short_name_makes_a_person() -> None:
    text = "중국 상무부 대변인 수줴팅(束珏婷)은 말했다. 알리바바(阿里巴巴) 부회장 차이충신(蔡崇信)도 왔다."
    got = {o.hanzi: o.type for o in extract_text(text)}
    assert got == {"束珏婷": "PERSON", "阿里巴巴": "ORG", "蔡崇信": "PERSON"}  # 束: not in the surname table


def test_a_title_in_title_brackets_is_a_work() -> None:
    got = {o.hanzi: o.type for o in extract_text("《삼국지연의》(三國志演義)는 나관중의 소설이다.")}
    assert got == {"三國志演義": "WORK"}


def test_a_name_jieba_tags_as_a_time_word_is_still_a_person() -> None:
    got = {o.hanzi: o.type for o in extract_text("저우언라이(周恩來)와 마오쩌둥(毛澤東)은 혁명을 이끌었다.")}
    assert got == {"周恩來": "PERSON", "毛澤東": "PERSON"}  # jieba's dictionary: 周恩来 t


def test_context_is_the_sentence_when_each_sentence_has_its_line() -> None:
    text = ("홍콩 명보는 21일 이같이 보도했다.\n신화통신(新华社)에 따르면 왕이(王毅) 외교부장은 성명을 냈다.\n"
            "샤오미(小米)가 새 스마트폰을 발표했다.")
    got = {o.hanzi: o.context for o in extract_text(text)}
    assert got["新华社"] == got["王毅"] == "신화통신(新华社)에 따르면 왕이(王毅) 외교부장은 성명을 냈다."
    assert got["小米"] == "샤오미(小米)가 새 스마트폰을 발표했다."


@pytest.mark.parametrize(("text", "hanzi", "kind"), [
    ("마윈(중국어: 马云, 병음: Mǎ Yún, 1964년 9월 10일 ~ )은 창업자다.", "马云", "PERSON"),  # wiki: a lifespan
    ("시진핑(習近平, 1953년 6월 15일 ~ )은 지도자다.", "習近平", "PERSON"),
    ("루쉰(鲁迅, 1881-1936)은 작가다.", "鲁迅", "PERSON"),
    ("출처: 중관춘짜이셴(中关村在线 2020.8.27)", "中关村在线", "MEDIA"),  # a source citation's date
    ("출처: 신화왕(新华网 2020-08-27)", "新华网", "MEDIA"),
])
def test_dates_inside_the_bracket(text: str, hanzi: str, kind: str) -> None:
    got = {o.hanzi: o.type for o in extract_text(text)}
    assert got[hanzi] == kind


def test_ordinary_korean_words_glossed_with_hanja_are_ko() -> None:
    """The Korean dictionary (JHannanum's, via the derived table) knows 구상권 as a common noun, and jieba
    knows no 求償權; 中山 (jieba: a place) and 李杜 (a person by its votes) stay Chinese names."""
    text = ("보험사는 구상권(求償權)을 행사했다. 쑨원의 호는 중산(中山)이다. 시인 이두(李杜)는 당나라 사람이다. "
            "이는 시정(施政) 방침이다.")
    got = {o.hanzi: (o.origin, o.type) for o in extract_text(text)}
    assert {h: origin for h, (origin, _) in got.items()} == {"求償權": "ko", "中山": "zh", "李杜": "zh", "施政": "ko"}
    assert got["施政"][1] == "OTHER"  # jieba's dictionary has 施政 as a person's name; read 시정, it is a word


def test_a_quoted_term_read_or_translated_is_a_slogan_a_quoted_transliteration_is_not() -> None:
    got = {o.hanzi: o.type for o in extract_text(
        "시 주석은 ‘중국몽(中國夢)’을 강조했다. ‘제로 코로나’(清零) 정책은 끝났다. "
        "핀둬둬는 ‘둬둬마이차이(多多买菜)’를 내놓았다. 『논어(論語)』는 공자의 말을 담았다.")}
    assert got["中國夢"] == got["清零"] == "OTHER"
    assert got["多多买菜"] != "OTHER"
    assert got["論語"] == "WORK"


def test_a_dotted_foreign_name_is_a_person() -> None:
    (occ,) = extract_text("일론 머스크(埃隆·马斯克)는 말했다.")
    assert (occ.korean, occ.type) == ("일론 머스크", "PERSON")


def test_title_brackets_around_the_korean_and_its_bracket_make_a_work() -> None:
    (occ,) = extract_text("사마천의 《사기(史記)》를 읽었다.")
    assert (occ.korean, occ.type, occ.origin) == ("사기", "WORK", "zh")  # a title, not the word 사기 (fraud)


def test_one_japanese_reading_by_chance_does_not_make_a_japanese_name() -> None:
    hk, ja = extract_text("홍콩 부호 리카싱(李嘉誠) 회장과 기시다 후미오(岸田文雄) 총리")
    assert (hk.korean, hk.origin, ja.korean, ja.origin) == ("리카싱", "zh", "기시다 후미오", "ja")


def test_a_paper_jieba_lists_as_a_common_noun_is_still_a_chinese_name() -> None:
    (occ,) = extract_text("관영 매체 환구시보(環球時報)는 보도했다.")
    assert (occ.korean, occ.type, occ.origin) == ("환구시보", "MEDIA", "zh")


def test_running_heads_are_blanked_and_nothing_else() -> None:
    from glossary.extraction.extract import _mask_running_heads

    head = "주간 중국 창업  {} 제 195 호(2020.09.02)"
    lines = [head.format(1), "본문 2024년 3월 1일 기사", "핀둬둬(拼多多) 12", head.format(10), "짧은 1",
             "본문", head.format(100), "핀둬둬(拼多多) 13", "핀둬둬(拼多多) 14", head.format(7)]
    masked = _mask_running_heads(lines)
    assert [i for i, (a, b) in enumerate(zip(lines, masked)) if a != b] == [0, 3, 6, 9]
    assert all(m == "" for i, m in enumerate(masked) if i in (0, 3, 6, 9))
    assert _mask_running_heads(lines[:4]) == lines[:4]  # a shape seen twice is no running head


def test_events_places_and_slogans_are_no_organisations() -> None:
    text = ("신해혁명(辛亥革命)이 일어났다. 자금성(紫禁城)을 찾았다. 광군제(光棍節)에 팔렸다. "
            "이른바 탕핑(躺平)이 유행이다. 징둥상청(京东商城)에서 샀다.")
    got = {o.hanzi: o.type for o in extract_text(text)}
    assert got == {"辛亥革命": "OTHER", "紫禁城": "PLACE", "光棍節": "OTHER", "躺平": "OTHER", "京东商城": "ORG"}


def test_a_definition_after_the_name_gives_its_type() -> None:
    """Wiki openings say what a name is: 청룽(成龍, …)은 홍콩의 배우이다 (成 is no surname of the table)."""
    text = ("청룽(成龍, 1954년 4월 7일 ~ )은 홍콩의 배우이다. 선전(深圳)은 광둥성의 도시이다. "
            "이 작품은 장이머우(张艺谋)가 연출한 영화이다.")
    got = {o.hanzi: o.type for o in extract_text(text)}
    assert got == {"成龍": "PERSON", "深圳": "PLACE", "张艺谋": "PERSON"}  # not the subject: no vote


def test_no_pair_reaches_across_a_paragraph_break_a_heading_or_a_list_item() -> None:
    from glossary.extraction.extract import extract_text as pairs_of

    assert [o.korean for o in pairs_of("미국 잡지\n\n\n(時代)가 보도했다.\n")] == []  # a paragraph break
    assert [o.korean for o in pairs_of("사진 설명\n1. (小米)는 컸다.\n")] == []  # a list item starts
    assert [o.korean for o in pairs_of("주요 기업\n▶ (小米)는 컸다.\n")] == []  # a heading starts
    # a line wrapped inside a sentence, as PDF-to-text leaves it, still pairs
    wrapped = "국가발전개혁위원회\n(国家发展和改革委员会)는 밝혔다.\n"
    assert [o.korean for o in pairs_of(wrapped)] == ["국가발전개혁위원회"]
    assert [o.korean for o in pairs_of("▶ 샤오미\n(小米)는 컸다.\n")] == ["샤오미"]  # inside one list item


def test_a_reading_on_the_line_after_the_hanzi() -> None:
    from glossary.extraction.extract import extract_text as pairs_of

    assert [(o.korean, o.hanzi) for o in pairs_of("타이완의 中國國民黨\n(중국국민당)은 야당이다.\n")] == [
        ("중국국민당", "中國國民黨")]
    assert [o.korean for o in pairs_of("北京\n\n\n(베이징)은 수도다.\n")] == []  # not across a paragraph break


@pytest.mark.parametrize(("text", "context"), [
    # a heading and its blank line before the sentence
    ("중국 동향\n\n인물\n\n샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다. 다음 문장.\n",
     "샤오미(小米) 창업자 레이쥔(雷军)은 신제품을 공개했다."),
    # a sentence without its full stop, then a heading: the heading is not part of it
    ("징둥(京东)은 물류를 늘렸다\n\n2. 인물\n\n다음 글.\n", "징둥(京东)은 물류를 늘렸다"),
    # text from a PDF (a blank line after every line): a sentence wrapped over a short line stays whole
    ("이 9 개국에서 핀둬둬(拼多多)는 현지 결제 회사와 파트너십을\n\n구축하고 있다\n\n다음 제목\n\n",
     "이 9 개국에서 핀둬둬(拼多多)는 현지 결제 회사와 파트너십을 구축하고 있다"),
    # a caption is its own context
    ("사진 1) 출처: 봉황과기(凤凰科技)\n\n분자는 양자 역학을 따른다.\n", "사진 1) 출처: 봉황과기(凤凰科技)"),
])
def test_a_sentence_ends_at_a_heading(text: str, context: str) -> None:
    assert {o.context for o in extract_text(text)} == {context}
