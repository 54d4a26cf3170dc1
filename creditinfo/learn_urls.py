from django.urls import path

from creditinfo.views import learn

app_name = "creditinfo_learn"
urlpatterns = [
    path("", learn.home, name="home"),
    path("glossary/", learn.glossary, name="glossary"),
    path("glossary/new/", learn.term_edit, name="term-new"),
    path("glossary/<int:pk>/edit/", learn.term_edit, name="term-edit"),
    path("cases/", learn.case_list, name="cases"),
    path("cases/new/", learn.case_edit, name="case-new"),
    path("cases/<int:pk>/", learn.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", learn.case_edit, name="case-edit"),
    path("countries/", learn.country_list, name="countries"),
    path("countries/<str:code>/", learn.country_detail, name="country-detail"),
    path("countries/<str:code>/notes/", learn.country_note_edit, name="country-note-edit"),
    path("tools/", learn.tools, name="tools"),
]
