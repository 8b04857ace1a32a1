"""Official spellings of whole names: table, surnames, exceptions, Sino-Korean readings."""

from __future__ import annotations

import pytest

from glossary.translit.lexicon import Lexicon
from glossary.translit.suggest import check, suggest

SEED = [
    ("彭建真", "펑젠전"), ("王俊洲", "왕쥔저우"), ("赵振营", "자오전잉"), ("抖音", "더우인"),
    ("欧尚", "어우상"), ("兴盛优选", "싱성유쉬안"), ("十荟团", "스후이퇀"),
]

REGULAR = [
    ("习近平", "시진핑"), ("毛泽东", "마오쩌둥"), ("邓小平", "덩샤오핑"), ("周恩来", "저우언라이"),
    ("马云", "마윈"), ("李克强", "리커창"), ("胡锦涛", "후진타오"), ("江泽民", "장쩌민"),
    ("北京", "베이징"), ("上海", "상하이"), ("广州", "광저우"), ("深圳", "선전"), ("重庆", "충칭"),
    ("天津", "톈진"), ("西安", "시안"), ("哈尔滨", "하얼빈"), ("乌鲁木齐", "우루무치"), ("厦门", "샤먼"),
    ("青岛", "칭다오"), ("成都", "청두"), ("武汉", "우한"), ("南昌", "난창"), ("长沙", "창사"),
    ("拼多多", "핀둬둬"), ("华为", "화웨이"), ("小米", "샤오미"), ("百度", "바이두"), ("京东", "징둥"),
    ("字节跳动", "쯔제탸오둥"), ("美团", "메이퇀"), ("滴滴", "디디"), ("菜鸟", "차이냐오"),
]


@pytest.mark.parametrize(("hanzi", "korean"), SEED + REGULAR)
def test_regular_names(hanzi: str, korean: str) -> None:
    assert suggest(hanzi).korean == korean


@pytest.mark.parametrize(("hanzi", "korean", "rule"), [
    ("单田芳", "산톈팡", "surname"),
    ("曾志伟", "쩡즈웨이", "surname"),
    ("解缙", "셰진", "surname"),
    ("仇晓", "추샤오", "surname"),
    ("区志航", "어우즈항", "surname"),
    ("查良镛", "자량융", "surname"),
    ("尉迟恭", "위츠궁", "surname"),
])
def test_polyphone_surnames(hanzi: str, korean: str, rule: str) -> None:
    got = suggest(hanzi)
    assert (got.korean, got.rule) == (korean, rule)


def test_surname_reading_only_for_person_names() -> None:
    assert suggest("曾经").korean == "청징"  # an adverb, not Zeng Jing
    assert suggest("单位").korean == "단웨이"


@pytest.mark.parametrize(("hanzi", "korean", "rule"), [
    ("欧阳修", "구양수", "historical"), ("孔子", "공자", "historical"), ("司马迁", "사마천", "historical"),
    ("荘周", "장주", "historical"),  # Japanese form of 莊周 folds to the same key
    ("香港", "홍콩", "customary"), ("澳门", "마카오", "customary"), ("人民日報", "인민일보", "sino-korean"),
])
def test_exceptions_come_first(hanzi: str, korean: str, rule: str) -> None:
    got = suggest(hanzi)
    assert (got.korean, got.rule) == (korean, rule)


@pytest.mark.parametrize(("hanzi", "korean"), [("广东省", "광둥성"), ("上海市", "상하이시"), ("北京大学", "베이징대학"),
                                               ("新疆维吾尔自治区", "신장웨이우얼자치구"),
                                               ("广西壮族自治区", "광시좡족자치구"),
                                               ("延边朝鲜族自治州", "옌볜차오셴족자치주")])
def test_administrative_suffix_in_sino_korean(hanzi: str, korean: str) -> None:
    assert suggest(hanzi).korean == korean


@pytest.mark.parametrize(("hanzi", "reading"), [
    ("欧阳修", "구양수"), ("人民日报", "인민일보"), ("人民日報", "인민일보"), ("李白", "이백"),
    ("乱数", "난수"), ("荘周", "장주"), ("恵施", "혜시"), ("欧尚", "구상"), ("机心", "기심"),
])
def test_sino_korean_reading(hanzi: str, reading: str) -> None:
    assert suggest(hanzi).sino_korean == reading


def test_user_exception_overrides_rules() -> None:
    lex = Lexicon()
    lex.add_name("步步高", "부부가오 그룹")
    assert suggest("步步高", lex).korean == "부부가오 그룹"
    assert suggest("步步高", lex).rule == "customary"


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("abc", "not Hanzi"), ("中a", "not Hanzi")])
def test_bad_input_reports_error(text: str, message: str) -> None:
    got = suggest(text)
    assert got.korean is None and message in got.error


def test_character_without_reading() -> None:
    got = suggest("\U0002a6d6")  # an Extension B character pypinyin does not know
    assert got.korean is None and "no reading" in got.error


@pytest.mark.parametrize(("korean", "hanzi"), [
    ("펭지엔전", "彭建真"), ("펑지엔젼", "彭建真"), ("왕쥔조우", "王俊洲"), ("씽성요우쉔", "兴盛优选"),
    ("도인", "抖音"), ("자오천잉", "赵振营"),
])
def test_check_variants(korean: str, hanzi: str) -> None:
    assert check(korean, hanzi).verdict == "variant"


def test_check_official_and_rejection() -> None:
    assert check("펑젠전", "彭建真").verdict == "official"
    assert check("왕쥔조우", "王填").verdict == "not-a-rendering"
    assert check("핀둬둬", "抖音").verdict == "not-a-rendering"
    assert check("봉황과기", "凤凰科技").verdict == "sino-korean"


def test_fast_path_agrees_with_pypinyin_phrases() -> None:
    from pypinyin import Style, lazy_pinyin

    from glossary.translit.pinyin import syllables

    for name in ["重庆银行", "长沙", "银行长", "彭建真", "绿地集团", "朝阳区", "行长"]:
        assert syllables(name) == lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)


@pytest.mark.parametrize(("written", "key"), [
    ("人民日報", "人民日报"), ("荘周", "庄周"), ("恵施", "惠施"), ("町田徹", "町田彻"), ("乱数", "乱数"),
    ("马芸", "马芸"), ("沪", "沪"), ("予", "予"), ("欠", "欠"),  # Chinese characters keep their identity
    ("沈思兰", "沈思兰"),  # simplified already: OpenCC's phrase 沈思 → 沉思 must not rename a person
    ("乾隆", "乾隆"), ("乾隆帝陵寢", "乾隆帝陵寝"),  # phrases still apply where something is traditional
])
def test_fold(written: str, key: str) -> None:
    from glossary.base.han import fold

    assert fold(written) == key


def test_surname_kept_against_a_phrase_reading() -> None:
    assert suggest("沈思兰").korean == "선쓰란"  # shěn, not the chén of 沈思 (沉思) 'deep thought'
    assert suggest("曾国藩").korean == "증국번"  # a pre-1911 person keeps the Sino-Korean reading


def test_exact_alignment_takes_a_persons_reading() -> None:
    from glossary.extraction.align import exact

    assert exact("쩡궈판", "曾国藩") is not None  # 曾 read zēng as a surname
    assert exact("청궈판", "曾国藩") is not None  # the everyday reading céng is a sound rendering too
    assert exact("쩌궈판", "曾国藩") is None


def test_single_word_tag_agrees_with_jieba() -> None:
    from glossary.translit import pinyin

    for word in ["北京", "步步高", "拼多多", "彭建真", "中国连锁经营协会", "人民日报", "曾经", "小"]:
        tags = pinyin.jieba_tags(word)
        assert pinyin.single_word_tag(word) == (tags[0][1] if len(tags) == 1 else None), word
