from django.http import HttpResponse


def home(request):
    return HttpResponse("AlemKB")


def complication_detail(request, slug):
    return HttpResponse(slug)


def citation_detail(request, pk):
    return HttpResponse(pk)


def source_detail(request, slug):
    return HttpResponse(slug)
