from django.http import HttpResponse


def case_detail(request, pk):
    return HttpResponse(pk)


def report_detail(request, slug):
    return HttpResponse(slug)
